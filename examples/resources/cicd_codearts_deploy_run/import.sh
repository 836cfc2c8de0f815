# A deployment is imported by <task_id>/<record_id>. Refresh reads its record;
# it never starts a new deployment.
terraform import cicd_codearts_deploy_run.web d2dc947ec2424d8789bb3984bb3adf45/0ee9c8e6a7dc44109541e53c6dccf47c
