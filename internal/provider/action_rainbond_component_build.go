package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

func newRainbondComponentBuildAction() action.Action {
	return &runAction[rainbondBuildActionModel, rainbondBuildInputs, rainbondBuildOutputs]{
		rt: rainbondBuildType,
		parts: func(m *rainbondBuildActionModel) (*rainbondBuildInputs, *actionCommon) {
			return &m.rainbondBuildInputs, &m.actionCommon
		},
	}
}
