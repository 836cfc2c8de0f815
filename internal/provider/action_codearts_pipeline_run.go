package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

type pipelineRunActionModel struct {
	pipelineRunInputs
	actionCommon
}

func newCodeArtsPipelineRunAction() action.Action {
	return newRunAction[pipelineRunActionModel](pipelineRunType)
}
