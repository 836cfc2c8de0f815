package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

func newCodeArtsPipelineRunAction() action.Action {
	return &runAction[pipelineRunActionModel, pipelineRunInputs, pipelineRunOutputs]{
		rt: pipelineRunType,
		parts: func(m *pipelineRunActionModel) (*pipelineRunInputs, *actionCommon) {
			return &m.pipelineRunInputs, &m.actionCommon
		},
	}
}
