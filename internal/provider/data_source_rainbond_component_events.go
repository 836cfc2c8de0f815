package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
)

var _ datasource.DataSourceWithConfigure = (*rainbondComponentEventsDataSource)(nil)

func newRainbondComponentEventsDataSource() datasource.DataSource {
	return &rainbondComponentEventsDataSource{}
}

type rainbondComponentEventsDataSource struct{ dataSourceBase }

type rainbondComponentEventsModel struct {
	TeamID     types.String         `tfsdk:"team_id"`
	RegionName types.String         `tfsdk:"region_name"`
	AppID      types.Int64          `tfsdk:"app_id"`
	ServiceID  types.String         `tfsdk:"service_id"`
	OptType    types.String         `tfsdk:"opt_type"`
	Status     types.String         `tfsdk:"status"`
	Limit      types.Int64          `tfsdk:"limit"`
	Total      types.Int64          `tfsdk:"total"`
	Events     []rainbondEventModel `tfsdk:"events"`
}

type rainbondEventModel struct {
	EventID     types.String `tfsdk:"event_id"`
	OptType     types.String `tfsdk:"opt_type"`
	Status      types.String `tfsdk:"status"`
	FinalStatus types.String `tfsdk:"final_status"`
	Finished    types.Bool   `tfsdk:"finished"`
	Message     types.String `tfsdk:"message"`
	UserName    types.String `tfsdk:"user_name"`
	CreateTime  types.String `tfsdk:"create_time"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	Duration    types.String `tfsdk:"duration"`
	Target      types.String `tfsdk:"target"`
	TargetID    types.String `tfsdk:"target_id"`
	TenantID    types.String `tfsdk:"tenant_id"`
	RequestBody types.String `tfsdk:"request_body"`
	SynType     types.Int64  `tfsdk:"syn_type"`
}

// defaultRainbondEventsLimit is how many events are returned when limit is not set.
const defaultRainbondEventsLimit = 20

// rainbondPathSegment is the console's URL pattern for team_id, region_name
// and service_id (`[\w\-]+`).
var rainbondPathSegment = regexp.MustCompile(`^[\w-]+$`)

func rainbondSegment(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Required: true, MarkdownDescription: desc,
		Validators: []validator.String{stringvalidator.RegexMatches(rainbondPathSegment,
			"must be non-empty and use only letters, digits, '_' and '-'")},
	}
}

func (d *rainbondComponentEventsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_rainbond_component_events"
}

func (d *rainbondComponentEventsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a Rainbond component's events, newest first " +
			"(`GET /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/events`). " +
			"This is the only build history the Rainbond OpenAPI exposes: builds are events with `opt_type = \"build-service\"`, " +
			"and each successful build is normally followed by an `upgrade` event that rolls the component out. " +
			"The API has no filters, so `opt_type` and `status` are applied by the provider while it pages through the " +
			"events (50 per request) until it has `limit` matches or reaches the end of the history.",
		Attributes: map[string]schema.Attribute{
			"team_id":     rainbondSegment("Team: its `tenant_id` (32 hex characters) or its `tenant_name`."),
			"region_name": rainbondSegment("Region (cluster) name — `region_name`, not its alias."),
			"app_id": schema.Int64Attribute{Required: true, MarkdownDescription: "Application id (the integer `app_id`).",
				Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"service_id": rainbondSegment("Component: its `service_id` or its `service_alias`."),
			"opt_type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only events of this operation type, e.g. `build-service` (builds), `upgrade` (rollouts), `start-service`, `stop-service`, `restart-service`.",
				Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z][a-z0-9_-]*$`),
					"must be an operation type such as build-service or upgrade (lower-case letters, digits, '-' and '_')")}},
			"status": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only events with this outcome: `success`, `failure` or `timeout` (the event's `status`), " +
					"or `running` for events without a final result yet (`final_status` is not `complete`).",
				Validators: []validator.String{stringvalidator.OneOf(rainbond.StatusSuccess, rainbond.StatusFailure, rainbond.StatusTimeout, rainbond.StatusRunning)}},
			"limit": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Most events to return (1–1000). Default `%d`.", defaultRainbondEventsLimit),
				Validators:          []validator.Int64{int64validator.Between(1, 1000)}},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many events the component has in all, as the console counts them (before `opt_type`/`status` filtering)."},
			"events": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching events, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"event_id":     computed("Event id (a build's id as returned when it was triggered)."),
					"opt_type":     computed("Operation type, e.g. `build-service`, `upgrade`."),
					"status":       computed("Outcome: `success`, `failure`, `timeout`; empty while running."),
					"final_status": computed("`complete` once finished; empty while running; `timeout` when marked stale (not final: a later completion overwrites it)."),
					"finished":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether `final_status` is `complete`."},
					"message":      computed("The event's message."),
					"user_name":    computed("Who started the operation (empty for system operations such as the rollout after a build)."),
					"create_time":  computed("When the event was created (RFC 3339, UTC)."),
					"start_time":   computed("When the operation started (RFC 3339, UTC)."),
					"end_time":     computed("When the operation ended (RFC 3339, UTC); null until finished."),
					"duration":     computed("How long the operation ran, as a Go duration (e.g. `1m40s`, from `start_time` to `end_time`); null until finished."),
					"target":       computed("Target kind (`service`)."),
					"target_id":    computed("Target id (the component's `service_id`)."),
					"tenant_id":    computed("The team's `tenant_id`."),
					"request_body": computed("The request that started the operation, as recorded (often empty)."),
					"syn_type":     schema.Int64Attribute{Computed: true, MarkdownDescription: "`0` asynchronous, `1` synchronous operation."},
				}},
			},
		},
	}
}

func (d *rainbondComponentEventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m rainbondComponentEventsModel
	client := readRainbondConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	ref := rainbond.ComponentRef{TeamID: m.TeamID.ValueString(), RegionName: m.RegionName.ValueString(),
		AppID: m.AppID.ValueInt64(), ServiceID: m.ServiceID.ValueString()}
	limit := defaultRainbondEventsLimit
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}
	f := rainbond.EventFilter{OptType: m.OptType.ValueString(), Status: m.Status.ValueString()}
	events, stats, err := client.ListComponentEvents(ctx, ref, f, limit)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list the Rainbond component's events", err)
		return
	}
	m.Total = types.Int64Value(int64(stats.Total))
	m.Events = make([]rainbondEventModel, 0, len(events))
	for _, e := range events {
		syn, err := strconv.ParseInt(e.SynType, 10, 64)
		synType := types.Int64Value(syn)
		if err != nil {
			synType = types.Int64Null()
		}
		m.Events = append(m.Events, rainbondEventModel{
			EventID: types.StringValue(e.EventID), OptType: types.StringValue(e.OptType),
			Status: types.StringValue(e.Status), FinalStatus: types.StringValue(e.FinalStatus),
			Finished: types.BoolValue(e.Finished()), Message: types.StringValue(e.Message),
			UserName: types.StringValue(e.UserName), CreateTime: runTime(e.CreateTime, rainbond.ParseEventTime),
			StartTime: runTime(e.StartTime, rainbond.ParseEventTime), EndTime: runTime(e.EndTime, rainbond.ParseEventTime),
			Duration: runSpanOf(e.StartTime, e.EndTime, rainbond.ParseEventTime),
			Target:   types.StringValue(e.Target), TargetID: types.StringValue(e.TargetID),
			TenantID: types.StringValue(e.TenantID), RequestBody: types.StringValue(e.RequestBody),
			SynType: synType,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
