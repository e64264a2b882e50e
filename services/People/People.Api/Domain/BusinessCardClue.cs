using System.Text.RegularExpressions;

namespace SheqingMinyi.People.Domain;

/// <summary>
/// What a clue sent through a public card may contain: plain text only. Markup (anything that opens a tag, such as
/// &lt;script or &lt;img) and control characters other than line breaks and tabs are refused, not stripped, so what
/// reaches the member is exactly what the sender wrote.
/// </summary>
public static partial class ClueRules
{
    public const int TextMaxLength = 1000, ContactMaxLength = 100;

    /// <summary>Each field's problems, in Chinese; none means the clue may be sent.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(string? text, string? contact)
    {
        if (string.IsNullOrWhiteSpace(text)) yield return ("text", "请填写线索内容 (required)");
        else if (text.Length > TextMaxLength) yield return ("text", $"线索内容不能超过 {TextMaxLength} 个字符 (at most {TextMaxLength} characters)");
        else if (Unsafe(text) is { } why) yield return ("text", why);
        if (contact is null) yield break;
        if (contact.Length > ContactMaxLength) yield return ("contact", $"联系方式不能超过 {ContactMaxLength} 个字符 (at most {ContactMaxLength} characters)");
        else if (Unsafe(contact) is { } why) yield return ("contact", why);
        else if (contact.Contains('\n') || contact.Contains('\r')) yield return ("contact", "联系方式只能写一行 (one line)");
    }

    private static string? Unsafe(string value)
    {
        if (Markup().IsMatch(value)) return "不能包含网页代码或脚本 (no HTML or script)";
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) return "不能包含控制字符 (no control characters)";
        return null;
    }

    /// <summary>"&lt;" opening a tag, a closing tag, a comment or a declaration; "a &lt; b" stays allowed.</summary>
    [GeneratedRegex(@"<[A-Za-z/!?]|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex Markup();
}
