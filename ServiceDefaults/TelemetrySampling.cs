using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How many traces a process keeps. <c>Telemetry:SamplingRatio</c> (0..1) of the new traces are recorded, and a
/// request that arrives inside a trace follows its caller's decision (parent-based), so a trace is kept whole or
/// not at all. Default: every trace in Development, one in ten elsewhere, where recording every span under load
/// costs the process and the collector more than the traces are worth.
/// </summary>
public static class TelemetrySampling
{
    public const string RatioKey = "Telemetry:SamplingRatio";
    public const double DevelopmentRatio = 1.0;
    public const double DefaultRatio = 0.1;

    /// <summary>The configured ratio, or the environment's default; anything but a number in 0..1 stops the start.</summary>
    public static double Ratio(IConfiguration configuration, IHostEnvironment environment)
    {
        var text = configuration[RatioKey];
        if (string.IsNullOrWhiteSpace(text))
            return environment.IsDevelopment() ? DevelopmentRatio : DefaultRatio;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || !(ratio is >= 0 and <= 1))
            throw new InvalidOperationException($"{RatioKey} is '{text}': it must be a number from 0 to 1 (e.g. 0.1 records one new trace in ten).");
        return ratio;
    }

    public static Sampler Sampler(double ratio) => new NoRootClientSpans(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));

    /// <summary>
    /// A client span without a parent is a call made outside any operation: a consumer's poll of its streams, the relay's
    /// query, a worker's check. Recorded, they were most of what the dashboard stored (each consumer's XREADGROUP every
    /// 200 ms: about 350 spans a second in Development, idle) and traced nothing anyone follows; calls inside a request
    /// or a handled event have a parent and follow its decision as before.
    /// </summary>
    private sealed class NoRootClientSpans : Sampler
    {
        private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
        private readonly Sampler _inner;

        public NoRootClientSpans(Sampler inner)
        {
            _inner = inner;
            Description = $"NoRootClientSpans{{{inner.Description}}}";
        }

        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            parameters.Kind == ActivityKind.Client && parameters.ParentContext.TraceId == default
                ? Drop
                : _inner.ShouldSample(parameters);
    }
}
