using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Domain;
using SheqingMinyi.TrainingEvents.Domain;

namespace SheqingMinyi.TrainingEvents.CheckIn;

/// <summary>TrainingEvents:CheckIn. The key signs the codes; the development default must be replaced in production.</summary>
public sealed class CheckInOptions
{
    public const string DevelopmentKey = "sqmy-dev-check-in-key-change-me-in-production";
    public string Key { get; set; } = DevelopmentKey;
    /// <summary>How often the code on the screen changes.</summary>
    public int StepSeconds { get; set; } = 60;
    /// <summary>How many steps a code stays good: the current one and the one before, so a code scanned as it rotates still works.</summary>
    public int AcceptedSteps { get; set; } = 2;
    /// <summary>The window around a session in which codes are issued and accepted.</summary>
    public TimeSpan OpensBefore { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan ClosesAfter { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>After an event is marked held, its attendance may still change for this long; later only as audited corrections.</summary>
    public TimeSpan AttendanceGrace { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>A code for the screen at the door: the token, until when it is good, and the session's window.</summary>
public sealed record CheckInCode(string Token, Guid TrainingEventId, Guid SessionId, DateTimeOffset ValidUntil, DateTimeOffset WindowOpens, DateTimeOffset WindowCloses);

/// <summary>
/// 扫码签到: rotating check-in tokens, "{event}.{session}.{step}.{mac}" with the mac an HMAC-SHA256 over tenant, event,
/// session and time step. A token names its event and session, so one for another event is told apart from a forged
/// one; it is good for <see cref="CheckInOptions.AcceptedSteps"/> steps and only inside the session's window.
/// </summary>
public sealed class CheckInCodes(IOptions<CheckInOptions> options)
{
    private readonly CheckInOptions _options = options.Value;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.Key);

    public TimeSpan AttendanceGrace => _options.AttendanceGrace;

    public (DateTimeOffset Opens, DateTimeOffset Closes) Window(TrainingSession session) =>
        (session.StartsAt - _options.OpensBefore, session.EndsAt + _options.ClosesAfter);

    public Outcome<CheckInCode> Issue(string tenantId, TrainingSession session, DateTimeOffset now)
    {
        var (opens, closes) = Window(session);
        if (now < opens || now > closes) return OutsideWindow(opens, closes);
        var step = now.ToUnixTimeSeconds() / _options.StepSeconds;
        var token = $"{session.TrainingEventId:N}.{session.Id:N}.{step.ToString(CultureInfo.InvariantCulture)}.{Mac(tenantId, session.TrainingEventId, session.Id, step)}";
        var validUntil = DateTimeOffset.FromUnixTimeSeconds((step + _options.AcceptedSteps) * _options.StepSeconds);
        return new CheckInCode(token, session.TrainingEventId, session.Id, validUntil < closes ? validUntil : closes, opens, closes);
    }

    /// <summary>The session a token admits to at <paramref name="now"/>, or why it admits to none.</summary>
    public Outcome<ParsedToken> Verify(string tenantId, Guid trainingEventId, string? token, DateTimeOffset now)
    {
        var parts = token?.Trim().Split('.') ?? [];
        if (parts.Length != 4 || !Guid.TryParseExact(parts[0], "N", out var eventId) || !Guid.TryParseExact(parts[1], "N", out var sessionId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            return Forged();
        var expected = Encoding.ASCII.GetBytes(Mac(tenantId, eventId, sessionId, step));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3]))) return Forged();
        if (eventId != trainingEventId)
            return new DomainError("check-in-token-other-event", "签到码不属于本活动", "The token is for another event.");
        var current = now.ToUnixTimeSeconds() / _options.StepSeconds;
        if (step > current || current - step >= _options.AcceptedSteps)
            return new DomainError("check-in-token-expired", "签到码已过期，请扫描屏幕上的最新签到码", "The token's time step is no longer accepted.");
        return new ParsedToken(eventId, sessionId);
    }

    public sealed record ParsedToken(Guid TrainingEventId, Guid SessionId);

    private string Mac(string tenantId, Guid eventId, Guid sessionId, long step)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{tenantId}|{eventId:N}|{sessionId:N}|{step.ToString(CultureInfo.InvariantCulture)}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static DomainError Forged() => new("check-in-token-invalid", "签到码无效", "The token is malformed or its signature does not hold.");

    public static DomainError OutsideWindow(DateTimeOffset opens, DateTimeOffset closes) => new("check-in-window-closed", "不在签到时间内",
        $"Check-in for this session is open from {opens:O} to {closes:O}.");
}

public static class CheckInRegistration
{
    /// <summary>The code signer, keyed from TrainingEvents:CheckIn:Key (a development default otherwise; production must set it).</summary>
    public static IHostApplicationBuilder AddCheckInCodes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckInOptions>().Bind(builder.Configuration.GetSection("TrainingEvents:CheckIn"))
            .Validate(o => o.Key.Length >= 32 && o.StepSeconds > 0 && o.AcceptedSteps > 0, "TrainingEvents:CheckIn needs a key of 32+ characters and positive steps.")
            .Validate(o => !builder.Environment.IsProduction() || o.Key != CheckInOptions.DevelopmentKey, "Set TrainingEvents:CheckIn:Key in production.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CheckInCodes>();
        return builder;
    }
}
