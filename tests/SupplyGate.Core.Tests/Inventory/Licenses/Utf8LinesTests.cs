using System.Text;
using SupplyGate.Core.Inventory.Licenses;

namespace SupplyGate.Core.Tests.Inventory.Licenses;

/// <summary>
/// The license templates resource is read line by line from its bytes instead of as one 350 KB string
/// (docs/performance.md "Sixth round"): the lines must be those the whole text split into.
/// </summary>
[Trait("Category", "unit")]
public sealed class Utf8LinesTests
{
    [Fact]
    public void The_resource_read_line_by_line_gives_the_lines_of_its_whole_text()
    {
        List<string> lines = SpdxLicenseCatalog.GeneratedLines();

        Assert.Equal(SpdxLicenseCatalog.GeneratedText().Split('\n', StringSplitOptions.RemoveEmptyEntries), lines);
        Assert.Equal(SpdxTemplateCodec.Header, lines[0]);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(64)]
    public void Lines_longer_than_the_buffer_multibyte_characters_and_empty_lines_come_out_whole(int bufferSize)
    {
        const string text = "first\n\nsecond line, longer than the buffer: \u00e9\u00e8 \U0001F600 end\n\n\nlast";
        using var stream = new MemoryStream([.. "\uFEFF"u8.ToArray(), .. Encoding.UTF8.GetBytes(text)]);

        Assert.Equal(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Utf8Lines.Read(stream, bufferSize));
    }

    [Fact]
    public void A_trailing_newline_and_an_empty_stream_give_no_empty_line()
    {
        Assert.Equal(["a", "b"], Utf8Lines.Read(new MemoryStream("a\nb\n"u8.ToArray())));
        Assert.Empty(Utf8Lines.Read(new MemoryStream()));
    }
}
