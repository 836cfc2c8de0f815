# A run is imported by <project_id>/<pipeline_id>/<pipeline_run_id>; importing never starts a run.
# Read back: the three ids and the run's detail (status, stages, times).
# Not readable from the API: the other inputs (sources, parameters, ...). Write
# them in the configuration as they were: the next apply adopts them in place.
terraform import cicd_codearts_pipeline_run.release 27db3c8e5a46de6b02c87d5fb4d5fc39/00ecdeecb23e328630eba5dac26055a3/5d0c0b1e0e8a4f0c9a2b7d6e4f3a1c01
