using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using SupplyGate.Core.IO;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.IO;

/// <summary>
/// The SBOM is serialised into chunks below the large object heap's threshold (docs/performance.md "Sixth round"):
/// the chunks must give back exactly the bytes written, whatever the sizes asked for, and a long string written in
/// segments must be the bytes of one string value.
/// </summary>
[Trait("Category", "unit")]
public sealed class ChunkedBufferWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(ChunkedBufferWriter.ChunkSize - 1)]
    [InlineData(ChunkedBufferWriter.ChunkSize + 1)]
    [InlineData(3 * ChunkedBufferWriter.ChunkSize)]
    public void The_chunks_give_back_the_bytes_written(int piece)
    {
        byte[] expected = new byte[(5 * ChunkedBufferWriter.ChunkSize) + 17];
        new Random(piece).NextBytes(expected);
        var writer = new ChunkedBufferWriter();
        for (int at = 0; at < expected.Length; at += piece)
        {
            writer.Write(expected.AsSpan(at, Math.Min(piece, expected.Length - at)));
        }

        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        Assert.Equal(expected.Length, writer.Length);
        Assert.Equal(expected, writer.ToArray());
        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(SHA256.HashData(expected), writer.Sha256());
    }

    [Fact]
    public void Advancing_past_what_was_handed_out_is_refused()
    {
        var writer = new ChunkedBufferWriter();
        int handedOut = writer.GetSpan(10).Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(handedOut + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }

    public static TheoryData<string> LongStrings()
    {
        string lines = string.Concat(Enumerable.Range(0, 600).Select(i => $"Line {i}: \"quoted\" \\ tab\t and \u00e9 \u2028.\n"));
        string boundary = new string('a', CycloneDxWriter.LongStringSegment - 1) + "\U0001F600" + new string('b', CycloneDxWriter.LongStringSegment);
        string lone = new string('c', CycloneDxWriter.LongStringSegment - 1) + "\ud800" + new string('d', CycloneDxWriter.LongStringSegment + 3) + "\udc00";
        return new() { "short \"text\"\n", lines, boundary, lone, new string('x', CycloneDxWriter.LongStringSegment * 3) };
    }

    [Theory]
    [MemberData(nameof(LongStrings))]
    public void A_long_string_written_in_segments_is_the_bytes_of_one_string_value(string value)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        Assert.Equal(Serialize(options, w => w.WriteStringValue(value)), Serialize(options, w => CycloneDxWriter.WriteLongString(w, value)));
    }

    private static byte[] Serialize(JsonWriterOptions options, Action<Utf8JsonWriter> value)
    {
        var buffer = new ChunkedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("content");
            value(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
