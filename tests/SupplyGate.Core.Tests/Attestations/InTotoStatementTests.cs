using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Attestations;

[Trait("Category", "unit")]
public sealed class InTotoStatementTests
{
    private const string Digest = "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

    [Fact]
    public void Write_ProducesStatementV1_WithLowercaseDigestAndObjectPredicate()
    {
        using JsonDocument predicate = JsonDocument.Parse("""{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:1"}""");
        var statement = new InTotoStatement(
            [StatementSubject.ForSha256("registry.example/app", "sha256:" + Digest)],
            PredicateTypes.CycloneDx,
            predicate.RootElement);

        byte[] json = InTotoStatementSerializer.Write(statement);

        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal("https://in-toto.io/Statement/v1", doc.RootElement.GetProperty("_type").GetString());
        Assert.Equal(Digest.ToLowerInvariant(), doc.RootElement.GetProperty("subject")[0].GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Equal("https://cyclonedx.org/bom", doc.RootElement.GetProperty("predicateType").GetString());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("predicate").ValueKind);
        Assert.Equal("CycloneDX", doc.RootElement.GetProperty("predicate").GetProperty("bomFormat").GetString());
    }

    [Fact]
    public void RoundTrip()
    {
        using JsonDocument predicate = JsonDocument.Parse("""{"decision":"pass","counts":{"critical":0}}""");
        var statement = new InTotoStatement([StatementSubject.ForSha256(null, Digest)], PredicateTypes.PolicyResult, predicate.RootElement);

        InTotoStatement read = InTotoStatementSerializer.Read(InTotoStatementSerializer.Write(statement));

        Assert.Equal(InTotoStatement.StatementV1, read.Type);
        Assert.Equal(PredicateTypes.PolicyResult, read.PredicateType);
        Assert.Null(read.Subjects[0].Name);
        Assert.True(read.HasSubjectDigest("sha256", Digest));
        Assert.Equal("pass", read.Predicate!.Value.GetProperty("decision").GetString());
    }

    [Fact]
    public void Read_AcceptsCosignStatementV01()
    {
        string json = """{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://cosign.sigstore.dev/attestation/v1","subject":[{"name":"x","digest":{"sha256":"aa"}}],"predicate":{"Data":"d"}}""";

        InTotoStatement read = InTotoStatementSerializer.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(InTotoStatement.StatementV01, read.Type);
    }

    [Fact]
    public void Read_SharedStatementFixtures()
    {
        foreach (string file in new[] { "conformance/statement.json", "sigstore-js/bundles/statement.json" })
        {
            InTotoStatement read = InTotoStatementSerializer.Read(File.ReadAllBytes(Path.Combine(RepositoryPaths.Fixtures, "sigstore", file)));
            Assert.NotEmpty(read.Subjects);
        }
    }

    [Theory]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v2","subject":[{"digest":{"sha256":"aa"}}],"predicateType":"p"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"p"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"x"}],"predicateType":"p"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{}}],"predicateType":"p"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"xyz"}}],"predicateType":"p"}""")]
    [InlineData("""{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha256":"aa"}}]}""")]
    [InlineData("""{"_type":""")]
    public void Read_RejectsInvalidStatements(string json)
    {
        var ex = Assert.Throws<InvalidInputException>(() => InTotoStatementSerializer.Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(DiagnosticCode.AttestationMalformed, ex.Code);
    }

    [Fact]
    public void CycloneDxPredicateType_MatchesVersionedForms()
    {
        Assert.True(PredicateTypes.IsCycloneDx("https://cyclonedx.org/bom"));
        Assert.True(PredicateTypes.IsCycloneDx("https://cyclonedx.org/bom/v1.4"));
        Assert.False(PredicateTypes.IsCycloneDx("https://cyclonedx.org/bomb"));
    }
}
