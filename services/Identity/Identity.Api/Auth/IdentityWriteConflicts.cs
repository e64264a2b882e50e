using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Persistence;

namespace SheqingMinyi.Identity.Auth;

/// <summary>
/// The safety net behind the endpoints' own conflict handling: a unique index refusing a row, or OpenIddict
/// refusing a duplicate, that reaches the error handler is answered 409 <c>conflict</c>, never 500.
/// </summary>
public sealed class IdentityWriteConflicts(IProblemDetailsService problems) : IExceptionHandler
{
    public static bool IsConflict(Exception error) =>
        error is DbUpdateException update && update.IsUniqueViolation()
        || error is OpenIddictExceptions.ConcurrencyException
        // OpenIddict's own uniqueness check ("An application with the same client identifier already exists.");
        // its other validation failures are bugs of ours and stay 500s.
        || error is OpenIddictExceptions.ValidationException validation
            && validation.Results.Any(r => r.ErrorMessage?.Contains("already exists", StringComparison.Ordinal) == true);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!IsConflict(exception)) return false;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status409Conflict, Title = "数据冲突，请重试",
                Detail = "The change conflicts with data written meanwhile (a duplicate id or name); nothing was changed.",
                Extensions = { ["code"] = "conflict" },
            },
        });
    }
}
