using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.Identity.Domain;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SheqingMinyi.Identity.Apis;

/// <summary>
/// 登录页: the one page people see of the authorization code flow, served by identity at /connect/signin (so also
/// at the gateway's root). A user name and password form with an anti-forgery token; on success a session cookie
/// of identity's own (path /connect, HttpOnly, SameSite=Lax) and back to the authorization request it came from.
/// </summary>
public static class SignInPage
{
    public const string Scheme = "SqmySignIn";
    public const string Path = "/connect/signin";

    /// <summary>Escapes markup only: Chinese text stays readable in the page's source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string UrlReturningTo(string authorizeUrl) => $"{Path}?returnUrl={Uri.EscapeDataString(authorizeUrl)}";

    public static IEndpointRouteBuilder MapSignInPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, SubmitAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static IResult Show(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        IsAuthorizeUrl(returnUrl) ? Page(context, antiforgery, returnUrl!, userName: "", error: null, StatusCodes.Status200OK)
            : Message("登录链接无效", "请从应用重新发起登录。", StatusCodes.Status400BadRequest);

    private static async Task<IResult> SubmitAsync(HttpContext context, IAntiforgery antiforgery, IdentityDbContext db, AllTenants allTenants,
        IPasswordHasher<Account> hasher, SignInGuard guard, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
            return Message("请求无效", "请使用登录表单提交。", StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync(ct);
        string returnUrl = form["returnUrl"].ToString(), userName = form["username"].ToString().Trim();
        if (!IsAuthorizeUrl(returnUrl))
            return Message("登录链接无效", "请从应用重新发起登录。", StatusCodes.Status400BadRequest);
        if (!await antiforgery.IsRequestValidAsync(context))
            return Page(context, antiforgery, returnUrl, userName, "页面已过期，请重新登录。", StatusCodes.Status400BadRequest);
        if (userName.Length == 0 || form["password"].ToString().Length == 0)
            return Page(context, antiforgery, returnUrl, userName, "请输入用户名和密码。", StatusCodes.Status400BadRequest);

        // Signing in finds the account (and so its tenant) by name, before any tenant is known: outside row security.
        var attempt = await AccountSignIn.VerifyAsync(db, hasher, guard, loggers.CreateLogger("SheqingMinyi.Identity.SignIn"),
            ClientOf(returnUrl), userName, form["password"], "authorization_code", ct);
        if (attempt.Account is not { } account)
            return Page(context, antiforgery, returnUrl, userName, attempt.Refusal, StatusCodes.Status400BadRequest);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, account.Id.ToString())], Scheme)));
        return Results.Redirect(returnUrl);
    }

    /// <summary>The client the authorization request names: failures through the page are throttled per client too.</summary>
    private static string ClientOf(string returnUrl) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[(returnUrl.IndexOf('?') + 1)..])
            .TryGetValue(Parameters.ClientId, out var client) && client.ToString() is { Length: > 0 } id ? id : "sign-in-page";

    /// <summary>Only back to this server's authorization endpoint: never an open redirect.</summary>
    private static bool IsAuthorizeUrl(string? url) =>
        url is not null && url.StartsWith(AuthorizeEndpoint.Path + "?", StringComparison.Ordinal) && !url.Contains('\\');

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string returnUrl, string userName, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var e = Encoder;
        var body = $"""
            <form method="post" action="{e.Encode(Path)}">
              {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{e.Encode(error)}</p>")}
              <input type="hidden" name="{e.Encode(tokens.FormFieldName)}" value="{e.Encode(tokens.RequestToken!)}">
              <input type="hidden" name="returnUrl" value="{e.Encode(returnUrl)}">
              <label>用户名 <input name="username" autocomplete="username" required value="{e.Encode(userName)}"></label>
              <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
              <button type="submit">登录</button>
            </form>
            """;
        return Html("登录 · 社情民意平台", body, status);
    }

    private static IResult Message(string title, string text, int status) =>
        Html(title, $"<p>{Encoder.Encode(text)}</p>", status);

    private static IResult Html(string title, string body, int status) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encoder.Encode(title)}}</title>
        <style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto} label,button{display:block;margin:.8rem 0} .error{color:#b00}</style>
        </head><body><h1>{{Encoder.Encode(title)}}</h1>
        {{body}}
        </body></html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
