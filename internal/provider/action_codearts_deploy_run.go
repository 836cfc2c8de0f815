package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

func newCodeArtsDeployRunAction() action.Action {
	return &runAction[deployRunActionModel, deployRunInputs, deployRunOutputs]{
		rt: deployRunType,
		parts: func(m *deployRunActionModel) (*deployRunInputs, *actionCommon) {
			return &m.deployRunInputs, &m.actionCommon
		},
	}
}
