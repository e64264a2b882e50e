using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Http.Resilience;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every SheqingMinyi process gets: telemetry, health, discovery, resilience, problem details, JSON.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Our own ActivitySources and Meters are all named under this prefix.</summary>
    public const string TelemetryPrefix = "SheqingMinyi";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // A retried POST could apply twice: retries only for safe methods.
            http.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        // Before AddAuthorization's TryAdd: 401/403 from authorization answer problem+json too.
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, SheqingMinyi.Security.ProblemAuthorizationResultHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        builder.Services.ConfigureHttpJsonOptions(options => JsonDefaults.Apply(options.SerializerOptions));
        return builder;
    }

    /// <summary>Loggers that write a line per database command: Warning unless configuration names them (Logging:LogLevel).</summary>
    public static readonly string[] CommandLogCategories = ["Microsoft.EntityFrameworkCore.Database.Command", "Npgsql.Command"];

    /// <summary>IHttpClientFactory's loggers: four lines per outgoing call at Information (start, end, each handler).</summary>
    public static readonly string[] OutgoingCallLogCategories = ["System.Net.Http.HttpClient"];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // A log line per query or outgoing call costs more than the call under load (and the gateway polls identity
        // every few seconds); whoever needs them sets the level back.
        foreach (var category in CommandLogCategories.Concat(OutgoingCallLogCategories))
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, LogLevel.Warning);
        var samplingRatio = TelemetrySampling.Ratio(builder.Configuration, builder.Environment);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{TelemetryPrefix}.*"))
            .WithTracing(tracing => tracing
                .SetSampler(TelemetrySampling.Sampler(samplingRatio))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource($"{TelemetryPrefix}.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/alive"))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// /health (ready: every registered check, e.g. database and Redis) and /alive (live: the process answers),
    /// in every environment, since the AppHost and orchestrators probe them everywhere. Also the error pipeline.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        return app;
    }

    /// <summary>Errors as RFC 9457 problem details: unhandled exceptions (no stack trace) and bare status codes.</summary>
    public static WebApplication UseProblemDetailsErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>Every problem answer carries the trace id and a stable machine-readable code.</summary>
public static class ProblemDetailsDefaults
{
    public static void Customize(Microsoft.AspNetCore.Http.ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        if (!problem.Extensions.ContainsKey("code"))
            problem.Extensions["code"] = CodeFor(status);
        // The framework's English default titles (status pages, exceptions, validation) become Chinese ones.
        if (problem.Title is null || IsFrameworkTitle(problem.Title, status))
            problem.Title = TitleFor(status);
        problem.Instance ??= context.HttpContext.Request.Path;
    }

    private static bool IsFrameworkTitle(string title, int status) =>
        title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)
        || title is "An error occurred while processing your request." or "One or more validation errors occurred.";

    public static string CodeFor(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        412 => "precondition-failed",
        428 => "precondition-required",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        429 => "too-many-requests",
        502 => "bad-gateway",
        503 => "service-unavailable",
        504 => "gateway-timeout",
        >= 500 => "internal-error",
        _ => "error",
    };

    /// <summary>Titles people read, for answers whose code did not bring its own.</summary>
    public static string TitleFor(int status) => status switch
    {
        400 => "请求无效",
        401 => "未登录或令牌无效",
        403 => "无权执行此操作",
        404 => "未找到",
        405 => "不支持该请求方法",
        406 => "无法提供所要求的格式",
        409 => "与当前状态冲突",
        412 => "资源已被修改",
        413 => "请求体过大",
        415 => "不支持的内容类型",
        422 => "无法处理的请求",
        428 => "缺少前提条件",
        429 => "请求过于频繁",
        502 => "服务返回异常",
        503 => "服务暂不可用",
        504 => "服务响应超时",
        >= 500 => "服务器内部错误",
        _ => "请求出错",
    };
}

/// <summary>One JSON shape for APIs, events and tests: camelCase, enums as kebab-case strings, Chinese unescaped.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Exact names only: a number or a comma list would let undefined or combined values through.
        options.Converters.Add(new StrictEnumConverterFactory());
        return options;
    }
}
