using QRCoder;

namespace GuestAccess.Server.Grants;

/// <summary>A mobile key as a QR code (error correction M: a 606-character key fits version 20).</summary>
public static class QrCodes
{
    private const int PixelsPerModule = 6;

    public static byte[] Png(string text)
    {
        using var data = Encode(text);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }

    public static string Svg(string text)
    {
        using var data = Encode(text);
        return new SvgQRCode(data).GetGraphic(PixelsPerModule);
    }

    private static QRCodeData Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }
}
