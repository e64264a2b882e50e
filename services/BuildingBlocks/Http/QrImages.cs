using QRCoder;

namespace SheqingMinyi.BuildingBlocks.Http;

/// <summary>A text (a link, a check-in token) as a QR code, as PNG or SVG, with medium error correction (screens and print glare).</summary>
public static class QrImages
{
    public static byte[] Png(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10);
    }

    public static string Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(10);
    }
}
