using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>The problem answers the APIs give, each with a stable code; titles are Chinese since people read them.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, object id) => Problem(StatusCodes.Status404NotFound, "not-found",
        "未找到", $"{what} '{id}' was not found.");

    /// <summary>A domain refusal: the request was understood, but the item's state does not allow it (409).</summary>
    public static ProblemHttpResult Refused(Domain.DomainError error) =>
        Problem(StatusCodes.Status409Conflict, error.Code, error.Title, error.Detail);

    public static ProblemHttpResult Conflict(string code, string title, string detail) =>
        Problem(StatusCodes.Status409Conflict, code, title, detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(
        errors, title: "请求数据无效", extensions: new Dictionary<string, object?> { ["code"] = "validation-failed" });

    public static ProblemHttpResult Problem(int status, string code, string title, string detail) => TypedResults.Problem(
        statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
}

/// <summary>Collects field errors for a request; empty means valid.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    public Validator Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "必填 (required)");
        else if (value.Length > maxLength) Add(field, $"不能超过 {maxLength} 个字符 (at most {maxLength} characters)");
        return this;
    }

    public Validator Optional(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"不能超过 {maxLength} 个字符 (at most {maxLength} characters)");
        return this;
    }

    public Validator Required(string field, Guid? value)
    {
        if (value is null || value == Guid.Empty) Add(field, "必填 (required)");
        return this;
    }

    public Validator Check(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public ValidationProblem ToProblem() => ApiProblems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
