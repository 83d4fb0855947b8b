using System.Text;
using SupplyGate.Core.Attestations.Dsse;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>PAE test vectors from docs/architecture.md spec 4 (dsse protocol.md).</summary>
[Trait("Category", "unit")]
public sealed class PaeTests
{
    [Fact]
    public void HelloWorldVector()
    {
        byte[] pae = Pae.Encode("http://example.com/HelloWorld", "hello world"u8);

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void InTotoVector_UsesByteLengths()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\"}");
        Assert.Equal(43, body.Length);

        byte[] pae = Pae.Encode("application/vnd.in-toto+json", body);

        Assert.Equal("DSSEv1 28 application/vnd.in-toto+json 43 " + Encoding.UTF8.GetString(body), Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void EmptyPayloadAndMultibyteType()
    {
        Assert.Equal("DSSEv1 0  0 ", Encoding.UTF8.GetString(Pae.Encode("", [])));

        // "é" is two UTF-8 bytes: LEN counts bytes, not characters.
        Assert.Equal("DSSEv1 2 é 3 abc", Encoding.UTF8.GetString(Pae.Encode("é", "abc"u8)));
    }
}
