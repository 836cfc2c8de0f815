// Package provider is the Terraform framework layer of terraform-provider-cicd:
// the provider configuration and one file per resource, data source and action.
// API calls live in internal/codearts and internal/rainbond.
package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// Environment variables the provider reads.
const (
	EnvRegion        = "HW_REGION_NAME"
	EnvSecurityToken = "HW_SECURITY_TOKEN"
	EnvAuthToken     = "HW_AUTH_TOKEN"
	EnvUserName      = "HW_USER_NAME"
	EnvPassword      = "HW_USER_PASSWORD"
	EnvDomainName    = "HW_DOMAIN_NAME"
	EnvProjectID     = "HW_PROJECT_ID"
	EnvDomainID      = "HW_DOMAIN_ID"
	EnvEndpoint      = "CICD_CODEARTS_ENDPOINT"
	EnvRainbondURL   = "RAINBOND_URL"
	EnvRainbondToken = "RAINBOND_TOKEN"
)

// Access and secret keys each have two accepted variables, the SDK's first.
var (
	envAccessKey = []string{"CLOUD_SDK_AK", "HW_ACCESS_KEY"}
	envSecretKey = []string{"CLOUD_SDK_SK", "HW_SECRET_KEY"}
)

var (
	_ provider.Provider            = (*cicdProvider)(nil)
	_ provider.ProviderWithActions = (*cicdProvider)(nil)

	_ provider.ProviderWithListResources = (*cicdProvider)(nil)
)

type cicdProvider struct {
	version string
	// retryWait, when set, is the HTTP backoff between retries (min and max)
	// instead of the transport's defaults. Tests set it to keep fault rows
	// fast; a service's Retry-After is still honoured.
	retryWait time.Duration
}

// New returns the provider factory.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &cicdProvider{version: version} }
}

type providerModel struct {
	CodeArts       *codeartsModel `tfsdk:"codearts"`
	Rainbond       *rainbondModel `tfsdk:"rainbond"`
	MaxRetries     types.Int64    `tfsdk:"max_retries"`
	RequestTimeout durationValue  `tfsdk:"request_timeout"`
}

type codeartsModel struct {
	Region        types.String    `tfsdk:"region"`
	AccessKey     types.String    `tfsdk:"access_key"`
	SecretKey     types.String    `tfsdk:"secret_key"`
	SecurityToken types.String    `tfsdk:"security_token"`
	AuthToken     types.String    `tfsdk:"auth_token"`
	UserName      types.String    `tfsdk:"user_name"`
	Password      types.String    `tfsdk:"password"`
	DomainName    types.String    `tfsdk:"domain_name"`
	ProjectID     types.String    `tfsdk:"project_id"`
	DomainID      types.String    `tfsdk:"domain_id"`
	Insecure      types.Bool      `tfsdk:"insecure"`
	CACertFile    types.String    `tfsdk:"ca_cert_file"`
	Endpoints     *endpointsModel `tfsdk:"endpoints"`
}

type endpointsModel struct {
	Pipeline types.String `tfsdk:"pipeline"`
	Build    types.String `tfsdk:"build"`
	Deploy   types.String `tfsdk:"deploy"`
	IAM      types.String `tfsdk:"iam"`
}

type rainbondModel struct {
	URL        types.String `tfsdk:"url"`
	Token      types.String `tfsdk:"token"`
	Insecure   types.Bool   `tfsdk:"insecure"`
	CACertFile types.String `tfsdk:"ca_cert_file"`
}

func (p *cicdProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cicd"
	resp.Version = p.version
}

func (p *cicdProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	str := func(desc string, sensitive bool, v ...validator.String) schema.StringAttribute {
		if len(v) == 0 {
			// A whitespace-only region, key, token or name is never valid;
			// URLs have their own check.
			v = []validator.String{notBlank}
		}
		return schema.StringAttribute{Optional: true, Sensitive: sensitive, MarkdownDescription: desc, Validators: v}
	}
	const (
		insecureDesc = "Skip TLS certificate verification. Default `false`: the server's certificate chain must lead to a trusted root " +
			"(the system roots plus `ca_cert_file`) and name the endpoint's host. Whatever this setting, TLS 1.2 is the minimum version."
		caCertDesc = "Path of a PEM CA bundle trusted **in addition to** the system roots (not instead of them), e.g. a private CA."
	)
	endpoint := func(svc string) schema.StringAttribute {
		return str(fmt.Sprintf("Base URL of the %s service, overriding the regional default and `%s`.", svc, EnvEndpoint), false, urlString())
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage Huawei Cloud CodeArts pipeline templates, trigger and wait for CodeArts builds, deploys and pipeline runs, " +
			"and Rainbond component builds, during `terraform apply`. Both platform blocks are optional; a resource, data source or action " +
			"of an unconfigured platform fails at plan and names the settings to set.",
		Attributes: map[string]schema.Attribute{
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "How many times a request that failed transiently (HTTP 429, 5xx, network errors) is retried. Requests that start a build, deploy or run are retried only when they certainly did not reach the service. Default `5`.",
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"request_timeout": schema.StringAttribute{
				CustomType:          durationType{},
				Optional:            true,
				MarkdownDescription: "Time limit of one HTTP request attempt, as a Go duration (`30s`, `2m`). Default `60s`.",
			},
		},
		Blocks: map[string]schema.Block{
			"codearts": schema.SingleNestedBlock{
				MarkdownDescription: "Huawei Cloud CodeArts settings. Configure exactly one authentication mode: `access_key`/`secret_key` " +
					"(optionally `security_token`), `auth_token`, or `user_name`/`password`/`domain_name`. When the block sets no credential, " +
					"the environment variables are used instead.",
				Attributes: map[string]schema.Attribute{
					"region":         str(fmt.Sprintf("Region, e.g. `cn-north-4`. Environment variable `%s`.", EnvRegion), false),
					"access_key":     str("Access key (AK) for AK/SK request signing. Environment variable `CLOUD_SDK_AK` or `HW_ACCESS_KEY`.", false),
					"secret_key":     str("Secret key (SK) for AK/SK request signing. Environment variable `CLOUD_SDK_SK` or `HW_SECRET_KEY`.", true),
					"security_token": str(fmt.Sprintf("Security token of temporary AK/SK credentials. Environment variable `%s`.", EnvSecurityToken), true),
					"auth_token":     str(fmt.Sprintf("A ready IAM token, sent as `X-Auth-Token`; it must be scoped to the region's project. Environment variable `%s`.", EnvAuthToken), true),
					"user_name":      str(fmt.Sprintf("IAM user name, for password authentication. Environment variable `%s`.", EnvUserName), false),
					"password":       str(fmt.Sprintf("IAM user password. The provider exchanges it once for a project-scoped token. Environment variable `%s`.", EnvPassword), true),
					"domain_name":    str(fmt.Sprintf("Account (domain) name of the IAM user. Environment variable `%s`.", EnvDomainName), false),
					"project_id":     str(fmt.Sprintf("IAM project id of the region (sent as `X-Project-Id`). Looked up once when absent. Environment variable `%s`.", EnvProjectID), false),
					"domain_id":      str(fmt.Sprintf("Account (domain) id, the tenant of pipeline templates. Looked up once when absent. Environment variable `%s`.", EnvDomainID), false),
					"insecure":       schema.BoolAttribute{Optional: true, MarkdownDescription: insecureDesc},
					"ca_cert_file":   str(caCertDesc, false),
				},
				Blocks: map[string]schema.Block{
					"endpoints": schema.SingleNestedBlock{
						MarkdownDescription: fmt.Sprintf("Per-service base URLs. By default each service uses its public regional endpoint; `%s` sets one base URL for all four (a gateway or the simulator).", EnvEndpoint),
						Attributes: map[string]schema.Attribute{
							"pipeline": endpoint("CodeArts Pipeline"),
							"build":    endpoint("CodeArts Build"),
							"deploy":   endpoint("CodeArts Deploy"),
							"iam":      endpoint("IAM"),
						},
					},
				},
			},
			"rainbond": schema.SingleNestedBlock{
				MarkdownDescription: "Rainbond console OpenAPI settings.",
				Attributes: map[string]schema.Attribute{
					"url":          str(fmt.Sprintf("Console base URL, e.g. `https://console.example.com:7070`. Environment variable `%s`.", EnvRainbondURL), false, urlString()),
					"token":        str(fmt.Sprintf("Personal access token from the console (sent raw in `Authorization`). Environment variable `%s`.", EnvRainbondToken), true),
					"insecure":     schema.BoolAttribute{Optional: true, MarkdownDescription: insecureDesc},
					"ca_cert_file": str(caCertDesc, false),
				},
			},
		},
	}
}

// providerData is what every resource, data source and action receives.
// A platform that is not configured keeps the diagnostics that explain why;
// they are reported only when a type of that platform is used.
type providerData struct {
	codearts      *codearts.Client
	codeartsDiags diag.Diagnostics
	codeartsState platformState
	rainbond      *rainbond.Client
	rainbondDiags diag.Diagnostics
	rainbondState platformState
}

// platformState is what Configure found for one platform.
type platformState int

const (
	platformConfigured platformState = iota // a client
	platformMissing                         // nothing configured: reported when a type of the platform is used
	platformUnknown                         // a setting is not known yet (plan): reported at apply if still so
	platformBroken                          // a configuration error, reported by Configure itself
)

// CodeArts returns the CodeArts client or the diagnostics explaining why there is none.
func (d *providerData) CodeArts() (*codearts.Client, diag.Diagnostics) {
	if d == nil {
		return nil, notConfiguredYet()
	}
	if d.codearts == nil {
		return nil, d.codeartsDiags
	}
	return d.codearts, nil
}

// Rainbond returns the Rainbond client or the diagnostics explaining why there is none.
func (d *providerData) Rainbond() (*rainbond.Client, diag.Diagnostics) {
	if d == nil {
		return nil, notConfiguredYet()
	}
	if d.rainbond == nil {
		return nil, d.rainbondDiags
	}
	return d.rainbond, nil
}

// platformMissingAtPlan returns, at plan time, the diagnostics of a
// platform that is not configured at all, for a type that needs it: the
// configuration is known then, so the user learns it before apply. A
// setting that is not known yet reports nothing (it may be known at apply),
// and neither does an unconfigured provider (validation before Configure).
func (d *providerData) platformMissingAtPlan(p platform) diag.Diagnostics {
	if d == nil {
		return nil
	}
	if p == platformCodeArts && d.codeartsState == platformMissing {
		return d.codeartsDiags
	}
	if p == platformRainbond && d.rainbondState == platformMissing {
		return d.rainbondDiags
	}
	return nil
}

// platform names the service a type calls.
type platform int

const (
	platformCodeArts platform = iota
	platformRainbond
)

// platformOf is the platform of a type, from its name: every type is
// cicd_codearts_* or cicd_rainbond_* (with or without the provider prefix).
func platformOf(typeName string) platform {
	if strings.HasPrefix(strings.TrimPrefix(typeName, providerTypeName+"_"), "rainbond_") {
		return platformRainbond
	}
	return platformCodeArts
}

func notConfiguredYet() diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Provider not configured", "The provider was not configured before it was used. Please report this issue to the provider developers.")
	return diags
}

func (p *cicdProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{}
	common := commonSettings{userAgent: "terraform-provider-cicd/" + p.version, maxRetries: transport.DefaultMaxRetries, retryWait: p.retryWait}
	if !cfg.MaxRetries.IsNull() && !cfg.MaxRetries.IsUnknown() {
		common.maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if d, ok := knownDuration(cfg.RequestTimeout); ok {
		common.requestTimeout = d
	}

	// A broken configuration (two auth modes, a missing region, an unreadable
	// CA file) is an error right away. "Not configured" and "not known yet" are
	// kept and reported only when a type of that platform is used.
	data.codearts, data.codeartsDiags, data.codeartsState = configureCodeArts(cfg.CodeArts, common)
	if data.codeartsState == platformBroken {
		resp.Diagnostics.Append(data.codeartsDiags...)
	}
	data.rainbond, data.rainbondDiags, data.rainbondState = configureRainbond(cfg.Rainbond, common)
	if data.rainbondState == platformBroken {
		resp.Diagnostics.Append(data.rainbondDiags...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
	resp.EphemeralResourceData = data
}

type commonSettings struct {
	userAgent      string
	maxRetries     int
	requestTimeout time.Duration
	retryWait      time.Duration // zero: the transport's defaults
}

// setting reads an optional string attribute, falling back to environment
// variables. unknown reports a value not known yet (at plan time).
type setting struct {
	value   string
	unknown bool
	fromEnv string // the variable used, if any
}

func read(v types.String, envs ...string) setting {
	if v.IsUnknown() {
		return setting{unknown: true}
	}
	if !v.IsNull() && v.ValueString() != "" {
		return setting{value: v.ValueString()}
	}
	return fromEnv(envs...)
}

func fromEnv(envs ...string) setting {
	for _, e := range envs {
		if val := os.Getenv(e); val != "" {
			return setting{value: val, fromEnv: e}
		}
	}
	return setting{}
}

func attrOrNull[T any](m *T, get func(*T) types.String) types.String {
	if m == nil {
		return types.StringNull()
	}
	return get(m)
}

// authAttr names one credential setting for diagnostics.
type authAttr struct {
	attr string
	env  []string
	get  func(*codeartsModel) types.String
}

var (
	akAttrs = []authAttr{
		{"access_key", envAccessKey, func(m *codeartsModel) types.String { return m.AccessKey }},
		{"secret_key", envSecretKey, func(m *codeartsModel) types.String { return m.SecretKey }},
		{"security_token", []string{EnvSecurityToken}, func(m *codeartsModel) types.String { return m.SecurityToken }},
	}
	tokenAttrs = []authAttr{
		{"auth_token", []string{EnvAuthToken}, func(m *codeartsModel) types.String { return m.AuthToken }},
	}
	passwordAttrs = []authAttr{
		{"user_name", []string{EnvUserName}, func(m *codeartsModel) types.String { return m.UserName }},
		{"password", []string{EnvPassword}, func(m *codeartsModel) types.String { return m.Password }},
		{"domain_name", []string{EnvDomainName}, func(m *codeartsModel) types.String { return m.DomainName }},
	}
	authModes = []struct {
		name  string
		attrs []authAttr
	}{{"AK/SK", akAttrs}, {"token", tokenAttrs}, {"IAM password", passwordAttrs}}
)

func describeAttrs(attrs []authAttr, env bool) string {
	var parts []string
	for _, a := range attrs {
		if env {
			parts = append(parts, strings.Join(a.env, "/"))
		} else {
			parts = append(parts, "codearts."+a.attr)
		}
	}
	return strings.Join(parts, ", ")
}

// configureCodeArts resolves the CodeArts settings. Without a client, state
// says why: platformMissing ("not configured") and platformUnknown ("not
// known yet") are reported when a CodeArts type is used, never at
// configure; platformBroken is a configuration error.
func configureCodeArts(m *codeartsModel, common commonSettings) (client *codearts.Client, diags diag.Diagnostics, state platformState) {
	blockPath := path.Root("codearts")

	// Credentials: the block's own attributes win; only when it sets none are
	// the environment variables considered, so one source decides the mode.
	values := map[string]setting{}
	anyConfigured, anyUnknown := false, false
	for _, mode := range authModes {
		for _, a := range mode.attrs {
			s := read(attrOrNull(m, a.get))
			if s.unknown {
				anyUnknown = true
			}
			if s.value != "" {
				anyConfigured = true
			}
			values[a.attr] = s
		}
	}
	if anyUnknown {
		diags.AddError("CodeArts credentials are not known yet",
			"A credential in the provider's codearts block (codearts.access_key, codearts.secret_key, codearts.security_token, codearts.auth_token, "+
				"codearts.user_name, codearts.password or codearts.domain_name) depends on a value that is only known after apply, so the provider "+
				"cannot authenticate now. Use values known at plan time (variables, data sources) for the provider configuration.")
		return nil, diags, platformUnknown
	}
	if !anyConfigured {
		for _, mode := range authModes {
			for _, a := range mode.attrs {
				values[a.attr] = fromEnv(a.env...)
			}
		}
	}
	source := "attributes"
	if !anyConfigured {
		source = "environment variables"
	}
	var chosen []int
	for i, mode := range authModes {
		for _, a := range mode.attrs {
			if a.attr == "security_token" {
				continue // only meaningful with AK/SK
			}
			if values[a.attr].value != "" {
				chosen = append(chosen, i)
				break
			}
		}
	}
	describe := func(i int) string { return describeAttrs(authModes[i].attrs, !anyConfigured) }
	switch {
	case len(chosen) > 1:
		var names []string
		for _, i := range chosen {
			names = append(names, fmt.Sprintf("%s (%s)", authModes[i].name, describe(i)))
		}
		diags.AddAttributeError(blockPath, "Conflicting CodeArts authentication modes",
			fmt.Sprintf("Exactly one CodeArts authentication mode may be configured, but the %s set %s. Remove all but one.", source, strings.Join(names, " and ")))
		return nil, diags, platformBroken
	case len(chosen) == 0:
		if values["security_token"].value != "" {
			diags.AddAttributeError(blockPath.AtName("security_token"), "Security token without AK/SK",
				"A security token only applies to temporary AK/SK credentials: set access_key and secret_key (CLOUD_SDK_AK and CLOUD_SDK_SK) too.")
			return nil, diags, platformBroken
		}
		// No attribute path: the diagnostic is reported on the type that
		// needs CodeArts; the provider's attributes are named in the text.
		diags.AddError("CodeArts is not configured",
			"This resource, data source or action calls Huawei Cloud CodeArts, but the provider has no CodeArts credentials. In the provider \"cicd\" block set "+
				"codearts.access_key and codearts.secret_key, or codearts.auth_token, or codearts.user_name, codearts.password and "+
				"codearts.domain_name; or set the environment variables CLOUD_SDK_AK and CLOUD_SDK_SK, or HW_AUTH_TOKEN, or HW_USER_NAME, "+
				"HW_USER_PASSWORD and HW_DOMAIN_NAME. Set codearts.region (HW_REGION_NAME) too.")
		return nil, diags, platformMissing
	}
	// The chosen mode must be complete.
	for _, a := range authModes[chosen[0]].attrs {
		if a.attr == "security_token" || values[a.attr].value != "" {
			continue
		}
		where := "codearts." + a.attr
		if !anyConfigured {
			where = "the environment variable " + strings.Join(a.env, " or ")
		} else {
			where += " (or remove the other " + authModes[chosen[0]].name + " settings)"
		}
		diags.AddAttributeError(blockPath.AtName(a.attr), "Incomplete CodeArts "+authModes[chosen[0]].name+" credentials",
			fmt.Sprintf("%s authentication needs %s, but it is not set: set %s.", authModes[chosen[0]].name, a.attr, where))
	}
	if diags.HasError() {
		return nil, diags, platformBroken
	}

	get := func(f func(*codeartsModel) types.String, envs ...string) setting {
		return read(attrOrNull(m, f), envs...)
	}
	region := get(func(m *codeartsModel) types.String { return m.Region }, EnvRegion)
	projectID := get(func(m *codeartsModel) types.String { return m.ProjectID }, EnvProjectID)
	domainID := get(func(m *codeartsModel) types.String { return m.DomainID }, EnvDomainID)
	caFile := get(func(m *codeartsModel) types.String { return m.CACertFile })
	base := fromEnv(EnvEndpoint)
	var ep endpointsModel
	if m != nil && m.Endpoints != nil {
		ep = *m.Endpoints
	}
	eps := map[string]setting{"pipeline": read(ep.Pipeline), "build": read(ep.Build), "deploy": read(ep.Deploy), "iam": read(ep.IAM)}
	for _, s := range append([]setting{region, projectID, domainID, caFile}, eps["pipeline"], eps["build"], eps["deploy"], eps["iam"]) {
		if s.unknown {
			diags.AddError("CodeArts settings are not known yet",
				"A setting in the provider's codearts block (codearts.region, codearts.project_id, codearts.domain_id, codearts.ca_cert_file "+
					"or codearts.endpoints) depends on a value only known after apply. Use values known at plan time for the provider configuration.")
			return nil, diags, platformUnknown
		}
	}
	if region.value == "" {
		diags.AddAttributeError(blockPath.AtName("region"), "Missing CodeArts region",
			fmt.Sprintf("Set codearts.region or the environment variable %s, e.g. \"cn-north-4\". The region selects the service endpoints and scopes the IAM project.", EnvRegion))
		return nil, diags, platformBroken
	}
	endpointOr := func(s setting) string {
		if s.value != "" {
			return s.value
		}
		return base.value
	}
	cfg := codearts.Config{
		Region:        region.value,
		AccessKey:     values["access_key"].value,
		SecretKey:     values["secret_key"].value,
		SecurityToken: values["security_token"].value,
		AuthToken:     values["auth_token"].value,
		UserName:      values["user_name"].value,
		Password:      values["password"].value,
		DomainName:    values["domain_name"].value,
		ProjectID:     projectID.value,
		DomainID:      domainID.value,
		Endpoints: codearts.Endpoints{
			Pipeline: endpointOr(eps["pipeline"]), Build: endpointOr(eps["build"]),
			Deploy: endpointOr(eps["deploy"]), IAM: endpointOr(eps["iam"]),
		},
		Insecure:       m != nil && m.Insecure.ValueBool(),
		MaxRetries:     common.maxRetries,
		UserAgent:      common.userAgent,
		RequestTimeout: common.requestTimeout,
		RetryWaitMin:   common.retryWait,
		RetryWaitMax:   common.retryWait,
	}
	if caFile.value != "" {
		pem, err := os.ReadFile(caFile.value)
		if err != nil {
			diags.AddAttributeError(blockPath.AtName("ca_cert_file"), "Cannot read the CA bundle", err.Error())
			return nil, diags, platformBroken
		}
		cfg.CACertPEM = pem
	}
	client, err := codearts.New(cfg)
	if err != nil {
		diags.AddAttributeError(blockPath, "Invalid CodeArts configuration", err.Error())
		return nil, diags, platformBroken
	}
	return client, nil, platformConfigured
}

func configureRainbond(m *rainbondModel, common commonSettings) (client *rainbond.Client, diags diag.Diagnostics, state platformState) {
	blockPath := path.Root("rainbond")
	var mm rainbondModel
	if m != nil {
		mm = *m
	} else {
		mm = rainbondModel{URL: types.StringNull(), Token: types.StringNull(), CACertFile: types.StringNull()}
	}
	u, tok, ca := read(mm.URL, EnvRainbondURL), read(mm.Token, EnvRainbondToken), read(mm.CACertFile)
	if u.unknown || tok.unknown || ca.unknown {
		diags.AddError("Rainbond settings are not known yet",
			"A setting in the provider's rainbond block (rainbond.url, rainbond.token or rainbond.ca_cert_file) depends on a value only known "+
				"after apply. Use values known at plan time for the provider configuration.")
		return nil, diags, platformUnknown
	}
	switch {
	case u.value == "" && tok.value == "":
		diags.AddError("Rainbond is not configured",
			fmt.Sprintf("This resource, data source or action calls the Rainbond console OpenAPI, but the provider has no Rainbond console: in the provider \"cicd\" block set rainbond.url and rainbond.token, or the environment variables %s and %s.", EnvRainbondURL, EnvRainbondToken))
		return nil, diags, platformMissing
	case u.value == "":
		diags.AddAttributeError(blockPath.AtName("url"), "Missing Rainbond URL",
			fmt.Sprintf("Set rainbond.url or the environment variable %s to the console's base URL, e.g. https://console.example.com:7070.", EnvRainbondURL))
		return nil, diags, platformBroken
	case tok.value == "":
		diags.AddAttributeError(blockPath.AtName("token"), "Missing Rainbond token",
			fmt.Sprintf("Set rainbond.token or the environment variable %s to a personal access token from the console.", EnvRainbondToken))
		return nil, diags, platformBroken
	}
	cfg := rainbond.Config{URL: u.value, Token: tok.value, Insecure: mm.Insecure.ValueBool(),
		MaxRetries: common.maxRetries, UserAgent: common.userAgent, RequestTimeout: common.requestTimeout,
		RetryWaitMin: common.retryWait, RetryWaitMax: common.retryWait}
	if ca.value != "" {
		pem, err := os.ReadFile(ca.value)
		if err != nil {
			diags.AddAttributeError(blockPath.AtName("ca_cert_file"), "Cannot read the CA bundle", err.Error())
			return nil, diags, platformBroken
		}
		cfg.CACertPEM = pem
	}
	client, err := rainbond.New(cfg)
	if err != nil {
		attr := blockPath
		var ce *rainbond.ConfigError
		if errors.As(err, &ce) && ce.Field != "" {
			attr = blockPath.AtName(ce.Field)
		}
		diags.AddAttributeError(attr, "Invalid Rainbond configuration", err.Error())
		return nil, diags, platformBroken
	}
	return client, nil, platformConfigured
}

func (p *cicdProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newCodeArtsBuildRunResource,
		newPipelineTemplateResource,
		newPipelineFromTemplateResource,
		newPipelineResource,
		newCodeArtsDeployRunResource,
		newRainbondComponentBuildResource,
		newCodeArtsPipelineRunResource,
	}
}

func (p *cicdProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newCodeArtsPipelinesDataSource,
		newCodeArtsBuildRecordDataSource,
		newCodeArtsBuildRecordsDataSource,
		newRainbondComponentEventsDataSource,
		newCodeArtsPipelineRunsDataSource,
		newCodeArtsPipelineStepLogDataSource,
		newPipelineTemplatesDataSource,
		newCodeArtsPipelineDataSource,
	}
}

func (p *cicdProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		newCodeArtsBuildRunAction,
		newCodeArtsDeployRunAction,
		newRainbondComponentBuildAction,
		newCodeArtsPipelineRunAction,
	}
}

// ListResources are the list blocks of `terraform query` (Terraform >= 1.14).
func (p *cicdProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		// definitions
		newPipelineTemplateListResource,
		newPipelineListResource,
		// runs
	}
}
