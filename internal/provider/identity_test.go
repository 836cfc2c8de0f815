package provider

import (
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// identityCreateUpdateSteps create addr with cfg1 and update it in place
// with cfg2; after each, the identity is fixed plus idKey, idKey equals the
// id attribute, and the id is the same in both steps: the update kept the
// identity.
func identityCreateUpdateSteps(addr, cfg1, cfg2 string, fixed map[string]knownvalue.Check, idKey string) []resource.TestStep {
	sameID := statecheck.CompareValue(compare.ValuesSame())
	want := map[string]knownvalue.Check{idKey: knownvalue.NotNull()}
	for k, v := range fixed {
		want[k] = v
	}
	checks := func() []statecheck.StateCheck {
		return []statecheck.StateCheck{
			sameID.AddStateValue(addr, tfjsonpath.New("id")),
			statecheck.ExpectIdentity(addr, want),
			statecheck.ExpectIdentityValueMatchesStateAtPath(addr, tfjsonpath.New(idKey), tfjsonpath.New("id")),
		}
	}
	return []resource.TestStep{
		{Config: cfg1, ConfigStateChecks: checks()},
		{ // an update in place keeps the identity
			Config: cfg2,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: checks(),
		},
	}
}
