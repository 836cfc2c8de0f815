package provider

import "github.com/hashicorp/terraform-plugin-framework/action"

type buildRunActionModel struct {
	buildRunInputs
	actionCommon
}

func newCodeArtsBuildRunAction() action.Action {
	return newRunAction[buildRunActionModel](buildRunType)
}
