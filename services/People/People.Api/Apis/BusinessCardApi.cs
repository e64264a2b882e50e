using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Http.Idempotency;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.People.Data;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Apis;

/// <summary>A card as its owner and the office see it: the public URL (with the token) and when it was issued.</summary>
public sealed record BusinessCardView(Guid PersonId, string PublicUrl, DateTimeOffset IssuedAt, int Generation) : IVersioned
{
    public uint Version { get; init; }
}

/// <summary>
/// 委员数字名片: issue, rotate (revoke and reissue) and read a person's card and its QR code. Staff and the tenant
/// admin act on anyone's card of their tenant, a person on their own; partner systems not at all.
/// </summary>
public static class BusinessCardApi
{
    public static RouteGroupBuilder MapBusinessCardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/persons/{id:guid}").WithTags("BusinessCards").RequireAuthorization(PlatformPolicies.PeopleReader);
        group.MapPost("/card", IssueAsync).WithIdempotency().WithETag();
        group.MapPost("/card/rotate", RotateAsync).WithIdempotency();
        group.MapGet("/card", GetAsync).WithETag();
        // The images carry the card's ETag (the JSON's): a rotation changes both.
        group.MapGet("/card.png", PngAsync).WithMetadata(ETagMetadata.Instance).Produces(StatusCodes.Status200OK, contentType: "image/png");
        group.MapGet("/card.svg", SvgAsync).WithMetadata(ETagMetadata.Instance).Produces(StatusCodes.Status200OK, contentType: "image/svg+xml");
        return group;
    }

    /// <summary>Issues the person's first card (201); a person who has one rotates it instead (409 card-exists).</summary>
    public static async Task<Results<Created<BusinessCardView>, ProblemHttpResult>> IssueAsync(
        Guid id, PeopleDbContext db, BusinessCards cards, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (Forbidden(caller, id) is { } forbidden) return forbidden;
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null) return ApiProblems.NotFound("Person", id);
        if (await db.BusinessCards.AnyAsync(c => c.PersonId == id, ct)) return Exists(id);
        var token = CardToken.New();
        var issued = BusinessCard.Issue(Guid.CreateVersion7(), person, token, cards.Protect(token), clock.GetUtcNow());
        if (issued.Error is { } refused) return ApiProblems.Refused(refused);
        db.BusinessCards.Add(issued.Value!);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Exists(id); // issued by a concurrent request
        }
        return TypedResults.Created($"/persons/{id}/card", View(issued.Value!, token, cards));
    }

    /// <summary>Revokes the card's token and issues a new one: the old URL and QR code stop working at once.</summary>
    public static async Task<Results<Ok<BusinessCardView>, ProblemHttpResult>> RotateAsync(
        Guid id, IfMatch ifMatch, PeopleDbContext db, BusinessCards cards, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (Forbidden(caller, id) is { } forbidden) return forbidden;
        var card = await db.BusinessCards.FirstOrDefaultAsync(c => c.PersonId == id, ct);
        if (card is null) return ApiProblems.NotFound("Business card of person", id);
        if (!ifMatch.Holds(db, card, c => c.Version)) return IfMatch.Stale("business card");
        var token = CardToken.New();
        card.Rotate(token, cards.Protect(token), clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IfMatch.Stale("business card");
        }
        return TypedResults.Ok(View(card, token, cards));
    }

    public static async Task<Results<Ok<BusinessCardView>, ProblemHttpResult>> GetAsync(
        Guid id, PeopleDbContext db, BusinessCards cards, Caller caller, CancellationToken ct)
    {
        var (card, token, problem) = await CurrentAsync(id, db, cards, caller, ct);
        return problem ?? (Results<Ok<BusinessCardView>, ProblemHttpResult>)TypedResults.Ok(View(card!, token!, cards));
    }

    public static async Task<IResult> PngAsync(Guid id, HttpContext http, PeopleDbContext db, BusinessCards cards, Caller caller, CancellationToken ct)
    {
        var (card, token, problem) = await CurrentAsync(id, db, cards, caller, ct);
        if (problem is not null) return problem;
        return NotModified(http, card!) ?? Results.File(QrImages.Png(cards.PublicUrl(token!)), "image/png", $"card-{id}.png");
    }

    public static async Task<IResult> SvgAsync(Guid id, HttpContext http, PeopleDbContext db, BusinessCards cards, Caller caller, CancellationToken ct)
    {
        var (card, token, problem) = await CurrentAsync(id, db, cards, caller, ct);
        if (problem is not null) return problem;
        return NotModified(http, card!) ?? Results.Text(QrImages.Svg(cards.PublicUrl(token!)), "image/svg+xml", System.Text.Encoding.UTF8);
    }

    /// <summary>Sets the card's ETag on an image answer; 304 when the caller holds that version already.</summary>
    private static IResult? NotModified(HttpContext http, BusinessCard card)
    {
        var etag = ETags.FromVersion(card.Version);
        http.Response.Headers.ETag = etag;
        return Microsoft.Net.Http.Headers.EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Tag == etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : null;
    }

    private static async Task<(BusinessCard?, CardToken?, ProblemHttpResult?)> CurrentAsync(
        Guid id, PeopleDbContext db, BusinessCards cards, Caller caller, CancellationToken ct)
    {
        if (Forbidden(caller, id) is { } forbidden) return (null, null, forbidden);
        var card = await db.BusinessCards.AsNoTracking().FirstOrDefaultAsync(c => c.PersonId == id, ct);
        if (card is null) return (null, null, ApiProblems.NotFound("Business card of person", id));
        if (cards.Unprotect(card) is not { } token)
            return (card, null, ApiProblems.Conflict("card-token-unreadable", "名片令牌无法读取，请重新签发",
                "The key ring that encrypted this card's token is not available; rotate the card to issue a new token."));
        return (card, token, null);
    }

    /// <summary>Staff (and the tenant admin) for anyone of the tenant; a person for themself; partners never.</summary>
    private static ProblemHttpResult? Forbidden(Caller caller, Guid personId) =>
        caller.Principal.IsPerson(PlatformPolicies.StaffRoles) || (!caller.IsPartner && caller.PersonId == personId)
            ? null
            : ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "只能管理本人的名片",
                "Only staff, the tenant admin or the person themself may manage a business card.");

    private static ProblemHttpResult Exists(Guid id) => ApiProblems.Conflict("card-exists", "名片已签发",
        $"Person '{id}' already has a card; POST /persons/{id}/card/rotate (with If-Match) revokes it and issues a new one.");

    private static BusinessCardView View(BusinessCard card, CardToken token, BusinessCards cards) =>
        new(card.PersonId, cards.PublicUrl(token), card.IssuedAt, card.Generation) { Version = card.Version };
}
