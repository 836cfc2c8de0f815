package simulator

// Demo credentials and ids the simulator starts with. They are fake and only
// valid against the simulator.
const (
	// DemoRegion is the Huawei Cloud region the simulator pretends to be.
	DemoRegion = "cn-north-4"
	// DemoAK / DemoSK are the demo access key pair (AK/SK signing).
	DemoAK = "BHR3E6IYHPEXMEFVZVIU"
	DemoSK = "8fxz25oBNOGEH16vIjL7o5vsntAmQ0jLxaXYJT9q"

	// DemoUserName / DemoPassword / DemoDomainName are the IAM password
	// credentials (POST /v3/auth/tokens).
	DemoUserName   = "cicd-demo"
	DemoPassword   = "Demo-Passw0rd!"
	DemoDomainName = "cicd-demo-account"
	// DemoDomainID is the account (domain/tenant) id.
	DemoDomainID = "2a348e8aeaa49c8bcb1022c385b743a9"
	// DemoUserID is the IAM user id of DemoUserName; it is also the
	// creator/executor id of some seeded pipelines.
	DemoUserID = "89b06f271a855786efbb559956e6fb28"
	// DemoIAMProjectID is the IAM project named DemoRegion (X-Project-Id).
	DemoIAMProjectID = "97975e4e6fbd0a6a54c2deac86485b48"
	// DemoOtherRegion / DemoOtherIAMProjectID: a second IAM project, so
	// project lookup by name is real.
	DemoOtherRegion       = "cn-south-1"
	DemoOtherIAMProjectID = "6162cba0f3530c0389d05be7adb8fc69"

	// DemoCodeArtsProjectID is the CodeArts project owning most seeded pipelines.
	DemoCodeArtsProjectID   = "27db3c8e5a46de6b02c87d5fb4d5fc39"
	DemoCodeArtsProjectName = "cicd-demo-project"
	// DemoCodeArtsOtherProjectID is a second CodeArts project with a few pipelines.
	DemoCodeArtsOtherProjectID   = "0f31fba7e7378a245a46c307619357d3"
	DemoCodeArtsOtherProjectName = "cicd-other-project"

	// DemoRainbondToken is the Rainbond console access token (40 hex).
	DemoRainbondToken = "414652b3e328d962b54912622ebb4d2de373d402"
	// DemoRainbondEnterpriseID is the enterprise of the demo team.
	DemoRainbondEnterpriseID = "f98075c4634889dbd27cdd841fef04c8"
	// DemoRainbondUserID / DemoRainbondUserName: the token's console user.
	DemoRainbondUserID   = 1
	DemoRainbondUserName = "admin"
	// DemoRainbondTeamID is the team's tenant_id; DemoRainbondTeamName its tenant_name.
	DemoRainbondTeamID    = "1fb050582989830a6b3b6514dfadef86"
	DemoRainbondTeamName  = "demoteam"
	DemoRainbondTeamAlias = "Demo Team"
	// DemoRainbondRegion is the region (cluster) name the team is opened in.
	DemoRainbondRegion = "rainbond"
	// DemoRainbondAppID is the integer ServiceGroup.ID of the demo app.
	DemoRainbondAppID   = 1
	DemoRainbondAppName = "demo-app"
	// DemoRainbondServiceID is the demo component's service_id (32 hex);
	// DemoRainbondServiceAlias its service_alias.
	DemoRainbondServiceID    = "acf042a3e40f03b7c2ac2c2cdce83c05"
	DemoRainbondServiceAlias = "gr0f0fd07"
	DemoRainbondServiceCname = "demo-web"
)

// Extra seeded CodeArts users (creators/executors of seeded pipelines).
const (
	demoUser2ID   = "20ea8a91e6d64c437f8f3e78651d5349"
	demoUser2Name = "alice"
	demoUser3ID   = "3d38bf0186c58c672edbcfe9e0f0fd07"
	demoUser3Name = "bob"
)
