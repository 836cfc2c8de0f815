package codearts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// TemplateNotFoundCode is the pipeline-template not-found code (the
// CodeArts Pipeline API's error code page). It arrives with HTTP 200 or 404.
const TemplateNotFoundCode = "DEVPIPE.00011203"

// Template field values the API documents (template API pages).
var (
	TemplateLanguages     = []string{"java", "python", "nodejs", "go", "net", "cpp", "php", "other", "none"}
	TemplateVariableTypes = []string{"string", "enum", "autoIncrement"}
)

// Template field limits the API documents (CustomVariable, template API pages).
const (
	TemplateVariableNameMax        = 128
	TemplateVariableValueMax       = 8192
	TemplateVariableDescriptionMax = 1024
	TemplateVariableLimitMax       = 1024
)

// Template list page bounds. The reference documents the default (10) but
// no maximum; 50 is this client's choice (the simulator accepts up to
// 100), so the client never relies on an undocumented large page.
const (
	TemplateListPageMin = 1
	TemplateListPageMax = 50
)

// TemplateVariable is a CustomVariable as sent and received.
type TemplateVariable struct {
	PipelineID   string   `json:"pipeline_id,omitempty"`
	Name         string   `json:"name"`
	Sequence     int      `json:"sequence"`
	Type         string   `json:"type"`
	Value        string   `json:"value"`
	IsSecret     bool     `json:"is_secret"`
	Description  string   `json:"description"`
	IsRuntime    bool     `json:"is_runtime"`
	Limits       []string `json:"limits"`
	IsReset      bool     `json:"is_reset,omitempty"`
	LatestValue  string   `json:"latest_value,omitempty"`
	RuntimeValue string   `json:"runtime_value,omitempty"`
}

// TemplateInput is the writable part of a template (PipelineTemplateDto less
// domain_id and is_system, which the client fills).
type TemplateInput struct {
	Name         string
	Description  string
	Language     string
	Definition   string
	Variables    []TemplateVariable
	IsShowSource bool
}

// templateDTO is PipelineTemplateDto, the create/update body.
type templateDTO struct {
	Name         string             `json:"name"`
	Description  string             `json:"description"`
	Language     string             `json:"language"`
	Variables    []TemplateVariable `json:"variables"`
	Definition   string             `json:"definition"`
	IsSystem     bool               `json:"is_system"`
	DomainID     string             `json:"domain_id"`
	IsShowSource bool               `json:"is_show_source"`
}

// Template is the detail response of GET .../pipeline-templates/{id}.
type Template struct {
	ID              string             `json:"id"`
	Name            string             `json:"name"`
	Icon            string             `json:"icon"`
	ManifestVersion string             `json:"manifest_version"`
	Language        string             `json:"language"`
	Description     string             `json:"description"`
	IsSystem        bool               `json:"is_system"`
	Region          string             `json:"region"`
	DomainID        string             `json:"domain_id"`
	Variables       []TemplateVariable `json:"variables"`
	CreatorID       string             `json:"creator_id"`
	UpdaterID       string             `json:"updater_id"`
	CreateTime      int64              `json:"create_time"` // epoch milliseconds
	UpdateTime      int64              `json:"update_time"` // epoch milliseconds
	IsCollect       FlexBool           `json:"is_collect"`  // a string ("true"/"false") in the detail
	IsShowSource    bool               `json:"is_show_source"`
	Definition      string             `json:"definition"`
}

// FlexBool decodes a JSON bool or its string form ("true"/"false"): the
// template detail sends is_collect as a string, the list as a bool.
type FlexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (b *FlexBool) UnmarshalJSON(data []byte) error {
	s := strings.TrimSpace(string(data))
	if s == "null" {
		*b = false
		return nil
	}
	if u, err := strconv.Unquote(s); err == nil {
		s = u
	}
	if s == "" {
		*b = false
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("%s is not a boolean", string(data))
	}
	*b = FlexBool(v)
	return nil
}

type templateIDResponse struct {
	TemplateID string `json:"templateId"`
}

func (c *Client) templatesPath(ctx context.Context, rest string) (string, error) {
	domain, err := c.DomainID(ctx)
	if err != nil {
		return "", err
	}
	return "/v5/" + url.PathEscape(domain) + "/api/pipeline-templates" + rest, nil
}

// secretValues lists the values of secret variables, to mask in logs.
func secretValues(vars []TemplateVariable) []string {
	var out []string
	for _, v := range vars {
		if v.IsSecret && v.Value != "" {
			out = append(out, v.Value)
		}
	}
	return out
}

func (c *Client) templateBody(ctx context.Context, in TemplateInput) (templateDTO, error) {
	domain, err := c.DomainID(ctx)
	if err != nil {
		return templateDTO{}, err
	}
	vars := in.Variables
	if vars == nil {
		vars = []TemplateVariable{}
	}
	for i := range vars {
		if vars[i].Limits == nil {
			vars[i].Limits = []string{}
		}
	}
	return templateDTO{Name: in.Name, Description: in.Description, Language: in.Language, Variables: vars,
		Definition: in.Definition, IsSystem: false, DomainID: domain, IsShowSource: in.IsShowSource}, nil
}

// CreateTemplate creates a custom template (POST) and returns its id.
func (c *Client) CreateTemplate(ctx context.Context, in TemplateInput) (string, error) {
	p, err := c.templatesPath(ctx, "")
	if err != nil {
		return "", err
	}
	body, err := c.templateBody(ctx, in)
	if err != nil {
		return "", err
	}
	var out templateIDResponse
	// A create is not idempotent (names need not be unique): like a run
	// start, it is repeated only when it certainly did not take effect, so
	// a lost response never makes a second template.
	if _, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: p, body: body, out: &out,
		startsRun: true, secrets: secretValues(in.Variables)}); err != nil {
		return "", err
	}
	if out.TemplateID == "" {
		return "", fmt.Errorf("%s POST %s: the response carries no templateId", ServicePipeline, p)
	}
	return out.TemplateID, nil
}

// UpdateTemplate replaces a template with one PUT of the whole body.
func (c *Client) UpdateTemplate(ctx context.Context, id string, in TemplateInput) error {
	p, err := c.templatesPath(ctx, "/"+url.PathEscape(id))
	if err != nil {
		return err
	}
	body, err := c.templateBody(ctx, in)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, call{svc: ServicePipeline, method: http.MethodPut, path: p, body: body, out: &templateIDResponse{},
		secrets: secretValues(in.Variables)})
	return err
}

// GetTemplate reads a template's detail. A missing template is an
// *APIError with Code TemplateNotFoundCode (see IsTemplateNotFound).
func (c *Client) GetTemplate(ctx context.Context, id string) (*Template, error) {
	p, err := c.templatesPath(ctx, "/"+url.PathEscape(id))
	if err != nil {
		return nil, err
	}
	var out Template
	if _, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodGet, path: p, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteTemplate deletes a template. Deleting a missing template returns
// the not-found error; callers decide whether that is success.
func (c *Client) DeleteTemplate(ctx context.Context, id string) error {
	p, err := c.templatesPath(ctx, "/"+url.PathEscape(id))
	if err != nil {
		return err
	}
	_, err = c.do(ctx, call{svc: ServicePipeline, method: http.MethodDelete, path: p, out: &templateIDResponse{}})
	return err
}

// SetTemplateFavorite marks (true) or unmarks a template as a favourite of
// the calling user (POST .../{templateId}/favorite?flag=).
func (c *Client) SetTemplateFavorite(ctx context.Context, id string, favorite bool) error {
	p, err := c.templatesPath(ctx, "/"+url.PathEscape(id)+"/favorite")
	if err != nil {
		return err
	}
	_, err = c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: p,
		query: url.Values{"flag": {strconv.FormatBool(favorite)}}})
	return err
}

// IsTemplateNotFound reports whether err is the documented template
// not-found error, whatever HTTP status it came with.
func IsTemplateNotFound(err error) bool { return HasCode(err, TemplateNotFoundCode) }

// TemplateFilter is the list query without paging.
type TemplateFilter struct {
	Name     string
	Language string
	IsSystem *bool
	SortKey  string
	SortDir  string
}

type listTemplatesBody struct {
	Language string `json:"language,omitempty"`
	IsSystem *bool  `json:"is_system,omitempty"`
	Name     string `json:"name,omitempty"`
	Offset   int    `json:"offset"`
	Limit    int    `json:"limit"`
	SortKey  string `json:"sort_key,omitempty"`
	SortDir  string `json:"sort_dir,omitempty"`
}

// TemplateStage is one stage of a listed template.
type TemplateStage struct {
	Name     string `json:"name"`
	Sequence int    `json:"sequence"`
}

// TemplateSummary is PipelineTemplateSimpleVo, one list row. is_collect is a
// bool here; is_show_source is a string in the SDK model and a bool by the
// huaweicloud provider's acceptance test, so both are accepted.
type TemplateSummary struct {
	ID              string          `json:"id"`
	Name            string          `json:"name"`
	Icon            string          `json:"icon"`
	ManifestVersion string          `json:"manifest_version"`
	Language        string          `json:"language"`
	Description     string          `json:"description"`
	IsSystem        bool            `json:"is_system"`
	Region          string          `json:"region"`
	DomainID        string          `json:"domain_id"`
	CreatorID       string          `json:"creator_id"`
	CreatorName     string          `json:"creator_name"`
	UpdaterID       string          `json:"updater_id"`
	IsCollect       FlexBool        `json:"is_collect"`
	IsShowSource    FlexBool        `json:"is_show_source"`
	Stages          []TemplateStage `json:"stages"`
	// CreateTime/UpdateTime are epoch ms (the huaweicloud provider reads them).
	CreateTime *int64 `json:"create_time"`
	UpdateTime *int64 `json:"update_time"`
}

type listTemplatesResponse struct {
	Offset    int               `json:"offset"`
	Limit     int               `json:"limit"`
	Total     int               `json:"total"`
	Templates []TemplateSummary `json:"templates"`
}

// ListTemplates pages through POST .../pipeline-templates/list until maxItems
// templates (0 = all) have been read.
func (c *Client) ListTemplates(ctx context.Context, f TemplateFilter, maxItems int) ([]TemplateSummary, PageStats, error) {
	p, err := c.templatesPath(ctx, "/list")
	if err != nil {
		return nil, PageStats{}, err
	}
	body := listTemplatesBody{Language: f.Language, IsSystem: f.IsSystem, Name: f.Name, SortKey: f.SortKey, SortDir: f.SortDir}
	return collectOffsetPages(ctx, maxItems, TemplateListPageMin, TemplateListPageMax,
		func(ctx context.Context, offset, limit int) ([]TemplateSummary, int, error) {
			b := body
			b.Offset, b.Limit = offset, limit
			var out listTemplatesResponse
			_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: p, body: b, out: &out})
			return out.Templates, out.Total, err
		}, nil)
}
