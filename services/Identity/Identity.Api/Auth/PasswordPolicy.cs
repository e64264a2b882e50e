namespace SheqingMinyi.Identity.Auth;

/// <summary>
/// 密码规则 for passwords people set themselves: at least 10 characters (at most 128), not containing the user
/// name, not one of the commonly used passwords, and at least 3 of 4 kinds of character (lower case, upper case,
/// digits, others — Chinese characters count as others).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10, MaxLength = 128;

    /// <summary>Lower-cased; compared case-insensitively. Short on purpose: the length rule excludes most lists' entries.</summary>
    private static readonly HashSet<string> Common =
    [
        "1234567890", "12345678910", "123456789a", "a123456789", "abc1234567", "abcd123456", "qwertyuiop", "1qaz2wsx3edc",
        "1q2w3e4r5t", "password12", "password123", "password1!", "p@ssw0rd123", "p@ssword123", "passw0rd!!", "admin12345",
        "admin@1234", "admin@12345", "administrator", "iloveyou12", "woaini1314", "woaini5201314", "5201314520", "qq12345678",
        "aa12345678", "aa123456789", "abc@123456", "qwer123456", "zxcvbnm123", "asdfghjkl1", "1111111111", "0000000000",
        "8888888888", "1234512345", "1234567890a", "welcome123", "changeme123", "sqmy@2026!", "sqmy@20262026", "test@12345",
    ];

    /// <summary>The rules <paramref name="password"/> breaks, in Chinese (English after); empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Violations(string? password, string userName)
    {
        var errors = new List<string>();
        password ??= "";
        if (password.Length < MinLength) errors.Add($"密码至少 {MinLength} 个字符 (at least {MinLength} characters)");
        if (password.Length > MaxLength) errors.Add($"密码不能超过 {MaxLength} 个字符 (at most {MaxLength} characters)");
        if (userName.Length > 0 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            errors.Add("密码不能包含用户名 (must not contain the user name)");
        if (Common.Contains(password.ToLowerInvariant())) errors.Add("密码过于常见 (too common)");
        var kinds = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit),
            password.Any(c => !char.IsLower(c) && !char.IsUpper(c) && !char.IsDigit(c)) }.Count(k => k);
        if (kinds < 3) errors.Add("密码须包含小写字母、大写字母、数字、其他字符中的至少三类 (at least 3 of: lower case, upper case, digits, other characters)");
        return errors;
    }
}
