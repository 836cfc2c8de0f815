package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

type rainbondBuildActionModel struct {
	rainbondBuildInputs
	actionCommon
}

func newRainbondComponentBuildAction() action.Action {
	return newRunAction[rainbondBuildActionModel](rainbondBuildType)
}
