using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Enums as their exact kebab-case names and nothing else: no numbers, no case variants, and no comma-separated
/// lists (the framework's converter would OR "return, reject" into a different action).
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(Name);
        private static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, Name);

        private static string Name(T value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && ByName.TryGetValue(name, out var value)
                ? value
                : throw new JsonException($"Expected one of: {string.Join(", ", ByName.Keys)}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ByValue.TryGetValue(value, out var name) ? name : throw new JsonException($"{value} is not a defined {typeof(T).Name}."));
    }
}
