using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Apis;

/// <summary>A clue as the card's form or a script sends it. <see cref="Website"/> is the honeypot: the page hides it,
/// so only a robot fills it in.</summary>
public sealed record ClueRequest(string? Text, string? Contact, string? Website = null);

/// <summary>
/// The anonymous side of a card (through the gateway at /card/{token}): a small Chinese page with the member's
/// display name and unit, and a form that sends them a clue. Nothing tells whether a person exists: an unknown,
/// revoked or malformed token and a deactivated member's card get the same 404 page, and a clue sent to any of them
/// is answered 202 like a delivered one and dropped. The per-card limit counts tokens, not cards, so it strikes an
/// unknown token exactly as a real one (<see cref="CardClueLimiter"/>); a filled honeypot field is answered like a
/// delivered clue and dropped; per address, the gateway limits the card paths. The card is found by its token's
/// hash across tenants (<see cref="AllTenants"/>, listed in docs/security.md); the clue is raised by the card, in
/// its tenant.
/// </summary>
public static class PublicCardApi
{
    private const string FormType = "application/x-www-form-urlencoded";

    public static RouteGroupBuilder MapPublicCardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/public/cards").WithTags("PublicCards").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{token}", PageAsync);
        group.MapPost("/{token}", SendClueAsync);
        return group;
    }

    private sealed record Found(BusinessCard Card, string Name, string? Unit);

    public static async Task<IResult> PageAsync(string token, HttpContext http, PeopleDbContext db, AllTenants allTenants, CancellationToken ct) =>
        await FindAsync(db, token, track: false, ct) is { } found
            ? Html(http, StatusCodes.Status200OK, CardPage.Card(found.Name, found.Unit))
            : Html(http, StatusCodes.Status404NotFound, CardPage.NotFound);

    public static async Task<IResult> SendClueAsync(string token, HttpContext http, PeopleDbContext db, AllTenants allTenants,
        BusinessCards cards, CardClueLimiter limiter, TimeProvider clock, CancellationToken ct)
    {
        var request = http.Request;
        var isForm = request.ContentType is { } type && type.Split(';')[0].Trim().Equals(FormType, StringComparison.OrdinalIgnoreCase);
        if (!isForm && !request.HasJsonContentType())
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "只接受表单或 JSON 格式的线索",
                $"Send the clue as {FormType} or application/json.");
        var body = await ReadBoundedAsync(request, cards.Options.MaxClueBodyBytes, ct);
        if (body is null)
            return Answer(http, isForm, StatusCodes.Status413PayloadTooLarge, "request-too-large", "线索内容过长",
                $"Clue requests are limited to {cards.Options.MaxClueBodyBytes} bytes.");
        if (Parse(body, isForm) is not { } clue)
            return Answer(http, isForm, StatusCodes.Status400BadRequest, "malformed-body", "无法读取线索内容", "The body is not a readable form or JSON object.");
        if (!string.IsNullOrEmpty(clue.Website)) return Accepted(http, isForm); // the honeypot: a robot, answered as if delivered

        var problems = ClueRules.Problems(clue.Text, string.IsNullOrWhiteSpace(clue.Contact) ? null : clue.Contact.Trim()).ToList();
        if (problems.Count > 0)
        {
            if (isForm) return Html(http, StatusCodes.Status400BadRequest, CardPage.Message("线索未能提交", problems.Select(p => p.Message)));
            var validator = new Validator();
            foreach (var (field, message) in problems) validator.Add(field, message);
            return validator.ToProblem();
        }

        if (await limiter.TakeAsync(token) is { } wait) return LimitReached(http, isForm, cards.Options.ClueLimit, wait);

        // A concurrent clue to the same card moves its row version: read again and retry (the limit counts both).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await FindAsync(db, token, track: true, ct) is not { } found) return Accepted(http, isForm); // the same answer, dropped
            var now = clock.GetUtcNow();
            var contact = string.IsNullOrWhiteSpace(clue.Contact) ? null : clue.Contact.Trim();
            if (found.Card.SendClue(Guid.CreateVersion7(), clue.Text!.Trim(), contact, now, cards.Options.ClueLimit) is { Error: not null })
                return LimitReached(http, isForm, cards.Options.ClueLimit, found.Card.ClueWindowEndsAt(cards.Options.ClueLimit) - now);
            try
            {
                await db.SaveChangesAsync(ct);
                return Accepted(http, isForm);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
            }
        }
        return Answer(http, isForm, StatusCodes.Status503ServiceUnavailable, "card-busy", "请稍后再试", "The card is taking many clues at once; retry shortly.");
    }

    private static async Task<Found?> FindAsync(PeopleDbContext db, string token, bool track, CancellationToken ct)
    {
        if (!CardToken.IsWellFormed(token)) return null;
        var hash = CardToken.HashOf(token);
        var cards = track ? db.BusinessCards.IgnoreQueryFilters() : db.BusinessCards.IgnoreQueryFilters().AsNoTracking();
        return await (
            from c in cards
            where c.TokenHash == hash
            join p in db.Persons.IgnoreQueryFilters() on c.PersonId equals p.Id
            where p.TenantId == c.TenantId && p.DeactivatedAt == null
            select new Found(c, p.Name,
                db.Units.IgnoreQueryFilters().Where(u => u.Id == p.UnitId && u.TenantId == p.TenantId).Select(u => u.Name).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (declared or not).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ClueRequest? Parse(byte[] body, bool isForm)
    {
        try
        {
            if (isForm)
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
                return new ClueRequest(form.TryGetValue("text", out var text) ? text.ToString() : null,
                    form.TryGetValue("contact", out var contact) ? contact.ToString() : null,
                    form.TryGetValue(CardPage.Honeypot, out var website) ? website.ToString() : null);
            }
            return JsonSerializer.Deserialize<ClueRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Accepted(HttpContext http, bool isForm) => isForm
        ? Html(http, StatusCodes.Status202Accepted, CardPage.Message("线索已提交", ["感谢您的反映，线索已转交。"]))
        : Results.Json(new { status = "accepted" }, statusCode: StatusCodes.Status202Accepted);

    /// <summary>The one answer of a card over its limit, whichever counter refused: the same words for every token.</summary>
    private static IResult LimitReached(HttpContext http, bool isForm, ClueLimit limit, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Answer(http, isForm, StatusCodes.Status429TooManyRequests, "card-clue-limit", "该名片收到的线索过多，请稍后再试",
            $"A card takes at most {limit.PerWindow} clues per {limit.Window.TotalMinutes:0.##} minutes; retry after the time Retry-After gives.");
    }

    /// <summary>A refusal: the same Chinese words as an HTML page for a browser's form, as problem+json otherwise.</summary>
    private static IResult Answer(HttpContext http, bool isForm, int status, string code, string title, string detail) => isForm
        ? Html(http, status, CardPage.Message(title, []))
        : ApiProblems.Problem(status, code, title, detail);

    private static IResult Html(HttpContext http, int status, string html)
    {
        var headers = http.Response.Headers;
        // No scripts, no framing, nowhere to post but here; the token in the URL goes to no other site and no cache.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}

/// <summary>The public pages, in Chinese, every value HTML-encoded.</summary>
internal static class CardPage
{
    private const string Style = "body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#222}" +
        "label{display:block;margin:1rem 0 .25rem}textarea,input{width:100%;box-sizing:border-box;font:inherit}" +
        "textarea{height:8rem}button{margin-top:1rem;padding:.5rem 2rem}.unit{color:#666}.note{color:#666;font-size:.9rem}" +
        ".hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}";

    /// <summary>The honeypot field: off screen and out of the tab order, so people leave it empty and robots fill it.</summary>
    public const string Honeypot = "website";

    public static string NotFound => Page("名片不存在", "<h1>名片不存在或已失效</h1><p>请向该委员索取新的名片二维码。</p>");

    public static string Card(string name, string? unit) => Page($"{E(name)} · 委员数字名片",
        $"<h1>{E(name)}</h1>" + (unit is null ? "" : $"<p class=\"unit\">{E(unit)}</p>") +
        "<h2>向TA反映社情民意线索</h2><form method=\"post\">" +
        $"<label for=\"text\">线索内容（必填，{ClueRules.TextMaxLength} 字以内）</label>" +
        $"<textarea id=\"text\" name=\"text\" maxlength=\"{ClueRules.TextMaxLength}\" required></textarea>" +
        $"<label for=\"contact\">联系方式（选填）</label><input id=\"contact\" name=\"contact\" maxlength=\"{ClueRules.ContactMaxLength}\">" +
        $"<div class=\"hp\" aria-hidden=\"true\"><label for=\"{Honeypot}\">网址（请勿填写）</label>" +
        $"<input id=\"{Honeypot}\" name=\"{Honeypot}\" tabindex=\"-1\" autocomplete=\"off\"></div>" +
        "<button type=\"submit\">提交线索</button></form><p class=\"note\">线索将转交该委员本人；请勿填写他人的隐私信息。</p>");

    public static string Message(string title, IEnumerable<string> lines) =>
        Page(E(title), $"<h1>{E(title)}</h1>" + string.Concat(lines.Select(l => $"<p>{E(l)}</p>")) + "<p><a href=\"\">返回名片</a></p>");

    // Chinese stays readable in the page; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string value) => Encoder.Encode(value);

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<meta name=\"robots\" content=\"noindex\"><title>{title}</title><style>{Style}</style></head><body><main>{body}</main></body></html>";
}
