package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

type deployRunActionModel struct {
	deployRunInputs
	actionCommon
}

func newCodeArtsDeployRunAction() action.Action {
	return newRunAction[deployRunActionModel](deployRunType)
}
