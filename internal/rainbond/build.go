package rainbond

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
)

// ComponentRef addresses one component in the OpenAPI paths
// /teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}
// (the console's OpenAPI routes, goodrain/rainbond-console).
type ComponentRef struct {
	// TeamID is the team's tenant_id (32 hex) or its tenant_name.
	TeamID string
	// RegionName is the region's region_name (not its alias).
	RegionName string
	// AppID is the integer ServiceGroup.ID of the application.
	AppID int64
	// ServiceID is the component's service_id or its service_alias.
	ServiceID string
}

// pathSegment is the console's URL regex for team_id, region_name and
// service_id (`[\w\-]+`, openapi/urls.py); anything else would never route.
var pathSegment = regexp.MustCompile(`^[\w-]+$`)

// Validate reports a ComponentRef that cannot form a valid path.
func (r ComponentRef) Validate() error {
	for _, f := range []struct{ name, v string }{{"team_id", r.TeamID}, {"region_name", r.RegionName}, {"service_id", r.ServiceID}} {
		if !pathSegment.MatchString(f.v) {
			return fmt.Errorf("invalid Rainbond %s %q: use letters, digits, '_' and '-' only", f.name, f.v)
		}
	}
	if r.AppID < 1 {
		return fmt.Errorf("invalid Rainbond app_id %d: must be a positive integer", r.AppID)
	}
	return nil
}

func (r ComponentRef) teamRegionPath() string {
	return "/teams/" + url.PathEscape(r.TeamID) + "/regions/" + url.PathEscape(r.RegionName)
}

func (r ComponentRef) servicePath() string {
	return r.teamRegionPath() + "/apps/" + strconv.FormatInt(r.AppID, 10) + "/services/" + url.PathEscape(r.ServiceID)
}

// String renders the ref as the import id prefix team/region/app/service.
func (r ComponentRef) String() string {
	return fmt.Sprintf("%s/%s/%d/%s", r.TeamID, r.RegionName, r.AppID, r.ServiceID)
}

// Build source kinds and repository kinds the console accepts
// (ComponentBuildReqSerializers in goodrain/rainbond-console). The console validates
// them and then ignores them: the build kind comes from the component's
// stored source.
var (
	BuildTypes  = []string{"source_code", "docker_image", "market"}
	ServerTypes = []string{"svn", "git", "oss"}
)

// Field length limits of ComponentBuildReqSerializers.
const (
	MaxBranchLen   = 255
	MaxRepoURLLen  = 1024
	MaxUsernameLen = 255
	MaxPasswordLen = 255
)

// BuildRequest is the body of the build call. Empty fields are omitted from
// the request: the console rejects "" with a 400 validation error, and an
// omitted field means "keep / not given".
//
// Only RepoURL changes anything stored: when it is set the console saves it
// as the component's git_url (source components, with Branch as its
// code_version, default "master") or image (image components), and
// overwrites the stored repository credentials with Username and Password
// (null when omitted). So a private repository's credentials must be re-sent
// with every build that carries RepoURL.
type BuildRequest struct {
	BuildType  string // source_code | docker_image | market
	ServerType string // svn | git | oss
	Branch     string
	RepoURL    string
	Username   string
	Password   string
}

type buildBody struct {
	BuildType  string `json:"build_type,omitempty"`
	ServerType string `json:"server_type,omitempty"`
	Branch     string `json:"branch,omitempty"`
	RepoURL    string `json:"repo_url,omitempty"`
	Username   string `json:"username,omitempty"`
	Password   string `json:"password,omitempty"`
}

type buildResponse struct {
	EventID string `json:"event_id"`
}

// BuildComponent starts a build of the component (Rainbond OpenAPI "build components" page:
// POST .../apps/{app_id}/services/{service_id}/build) and returns the
// build event's id. The request is never repeated unless it certainly did
// not reach the console.
//
// Errors worth telling apart (all *APIError unless noted):
//   - IsTooFrequent(err) / errors.Is(err, ErrTooFrequent): 409, another
//     operation on the component is still running (started < 3 min ago).
//     The build was NOT accepted; retry later with backoff.
//   - IsTeamNotInRegion(err): 409 code 2001, the team is not opened in the region.
//   - HTTP 412: the cluster lacks resources; 507: the cluster (region API)
//     refused or failed the build; 400 code 20400: a field failed validation
//     (APIError.FieldErrors names it); 404: NotFound() says which of
//     team/region/app/component.
//   - *RequestError with MayHaveStarted / *MalformedResponseError with
//     StartsRun: the build may have started; do not blindly re-trigger.
func (c *Client) BuildComponent(ctx context.Context, ref ComponentRef, req BuildRequest) (string, error) {
	if err := ref.Validate(); err != nil {
		return "", err
	}
	var secrets []string
	if req.Password != "" {
		secrets = append(secrets, req.Password)
	}
	var out buildResponse
	cl := Call{
		Method:    http.MethodPost,
		Path:      ref.servicePath() + "/build",
		Body:      buildBody(req),
		Out:       &out,
		Shape:     Bare,
		StartsRun: true,
		Secrets:   secrets,
	}
	if err := c.Do(ctx, cl); err != nil {
		return "", err
	}
	if out.EventID == "" {
		return "", &MalformedResponseError{Method: cl.Method, Path: cl.Path, HTTPStatus: http.StatusOK, StartsRun: true,
			Err: errors.New(`no "event_id" in the build response`)}
	}
	return out.EventID, nil
}
