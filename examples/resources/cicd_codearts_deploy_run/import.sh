# A deployment is imported by <task_id>/<record_id>; importing never starts one.
# Read back: task_id, record_id and the deployment's record (status, times, steps).
# Not readable from the API: the other inputs (parameters, secret_parameters, ...). Write
# them in the configuration as they were: the next apply adopts them in place.
terraform import cicd_codearts_deploy_run.web d2dc947ec2424d8789bb3984bb3adf45/0ee9c8e6a7dc44109541e53c6dccf47c
