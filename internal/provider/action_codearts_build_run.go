package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

func newCodeArtsBuildRunAction() action.Action {
	return &runAction[buildRunActionModel, buildRunInputs, buildRunOutputs]{
		rt: buildRunType,
		parts: func(m *buildRunActionModel) (*buildRunInputs, *actionCommon) {
			return &m.buildRunInputs, &m.actionCommon
		},
	}
}
