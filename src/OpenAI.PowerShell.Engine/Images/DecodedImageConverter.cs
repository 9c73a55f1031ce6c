using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// Reads an image of an images answer with its b64_json decoded straight from the JSON, never held
/// as a base64 string first: a batch output file of 1 MB images would otherwise cost a 2.7 MB string
/// per image before its bytes.
/// </summary>
internal sealed class DecodedImageConverter : JsonConverter<ImageWire>
{
    public static readonly JsonSerializerOptions Options = new(JsonDefaults.Options) { Converters = { new DecodedImageConverter() } };

    public override ImageWire? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var image = new ImageWire();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "b64_json" when reader.TokenType == JsonTokenType.String:
                    image.Decoded = reader.TryGetBytesFromBase64(out var bytes) ? bytes
                        : throw new OpenAIException(ErrorIds.InvalidImageData, "The server sent an image whose base64 data could not be decoded.");
                    break;
                case "url" when reader.TokenType == JsonTokenType.String:
                    image.Url = reader.GetString();
                    break;
                case "revised_prompt" when reader.TokenType == JsonTokenType.String:
                    image.RevisedPrompt = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return image;
    }

    public override void Write(Utf8JsonWriter writer, ImageWire value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Images are only read.");
}
