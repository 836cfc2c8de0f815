// Package codearts is the client for Huawei Cloud CodeArts (Pipeline, Build,
// Deploy) and the IAM calls it needs. It has no Terraform framework imports.
package codearts

import (
	"fmt"
	"strings"
	"time"
)

// Service identifies one CodeArts (or IAM) endpoint.
type Service int

// The services the client talks to.
const (
	ServicePipeline Service = iota
	ServiceBuild
	ServiceDeploy
	ServiceIAM
)

func (s Service) String() string {
	switch s {
	case ServicePipeline:
		return "CodeArts Pipeline"
	case ServiceBuild:
		return "CodeArts Build"
	case ServiceDeploy:
		return "CodeArts Deploy"
	case ServiceIAM:
		return "IAM"
	}
	return "unknown service"
}

// AuthMode is how requests are authenticated.
type AuthMode int

// The three authentication modes; exactly one is configured.
const (
	AuthNone     AuthMode = iota
	AuthAKSK              // AK/SK signing (SDK-HMAC-SHA256), optional security token
	AuthToken             // a ready X-Auth-Token
	AuthPassword          // IAM user/password/domain -> project-scoped token
)

func (m AuthMode) String() string {
	switch m {
	case AuthAKSK:
		return "AK/SK"
	case AuthToken:
		return "token"
	case AuthPassword:
		return "IAM password"
	}
	return "none"
}

// Endpoints overrides per service. Empty fields use the regional default.
type Endpoints struct {
	Pipeline, Build, Deploy, IAM string
}

// Config configures a Client.
type Config struct {
	Region string

	AccessKey, SecretKey, SecurityToken string
	AuthToken                           string
	UserName, Password, DomainName      string

	// ProjectID is the IAM project id of the region (X-Project-Id). Looked
	// up once when empty and needed.
	ProjectID string
	// DomainID is the account id (tenant of pipeline templates). Looked up
	// once when empty and needed.
	DomainID string

	Endpoints Endpoints

	Insecure   bool
	CACertPEM  []byte
	MaxRetries int
	UserAgent  string

	// RetryWaitMin/Max and RequestTimeout tune the HTTP core; zero = defaults.
	RetryWaitMin, RetryWaitMax, RequestTimeout time.Duration
}

// Mode returns the configured authentication mode. Validation that exactly one
// mode is complete is the provider's job (it names attributes); New rejects an
// incomplete configuration too.
func (c Config) Mode() AuthMode {
	switch {
	case c.AccessKey != "" || c.SecretKey != "":
		return AuthAKSK
	case c.AuthToken != "":
		return AuthToken
	case c.UserName != "" || c.Password != "" || c.DomainName != "":
		return AuthPassword
	}
	return AuthNone
}

// DefaultEndpoint returns the public endpoint of a service in a region, with
// the regional host exceptions the SDK documents.
func DefaultEndpoint(s Service, region string) string {
	host := ""
	switch s {
	case ServicePipeline:
		switch region {
		case "tr-west-1", "la-south-2":
			host = "pipeline-external"
		case "af-north-1", "me-east-1", "af-south-1":
			host = "pipeline"
		default:
			host = "cloudpipeline-ext"
		}
	case ServiceBuild:
		host = "cloudbuild-ext"
	case ServiceDeploy:
		host = "codearts-deploy"
	case ServiceIAM:
		host = "iam"
	}
	return fmt.Sprintf("https://%s.%s.myhuaweicloud.com", host, region)
}

// endpoint returns the base URL for a service, without a trailing slash.
func (c Config) endpoint(s Service) string {
	var e string
	switch s {
	case ServicePipeline:
		e = c.Endpoints.Pipeline
	case ServiceBuild:
		e = c.Endpoints.Build
	case ServiceDeploy:
		e = c.Endpoints.Deploy
	case ServiceIAM:
		e = c.Endpoints.IAM
	}
	if e == "" {
		e = DefaultEndpoint(s, c.Region)
	}
	return strings.TrimRight(e, "/")
}

// Secrets returns the configured secret values, for log masking.
func (c Config) Secrets() []string {
	return []string{c.SecretKey, c.SecurityToken, c.AuthToken, c.Password}
}
