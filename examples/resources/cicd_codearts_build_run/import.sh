# A build is imported by <job_id>/<build_no>; importing never starts a build. Read back:
# job_id, build_no and the build's record (status, times, outputs). Not readable from
# the API: the other inputs (parameters, scm, ...). Write them in the configuration as
# they were: the next apply adopts them in place. With Terraform 1.12 or later, an
# import block with the identity works too (see the Import section); `terraform query`
# lists runs with their identities.
terraform import cicd_codearts_build_run.app 7a3525faa44a0833745d0a5c9c42d7b1/42
