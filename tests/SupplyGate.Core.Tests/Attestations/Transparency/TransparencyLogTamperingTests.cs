using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Transparency;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Tests.Attestations.Transparency;

/// <summary>
/// Hand-made tampering of a good entry (conformance happy-path-v0.1: SET + inclusion proof + checkpoint) and of its
/// trust: every alteration must be refused, with the code that says what broke.
/// </summary>
[Trait("Category", "unit")]
public sealed class TransparencyLogTamperingTests
{
    private static readonly ConformanceCase Case = ConformanceCase.Named("happy-path-v0.1");

    [Fact]
    public void Flipped_body_byte_fails()
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { CanonicalizedBody = Flip(e.CanonicalizedBody, 40) }));
    }

    [Fact]
    public void Flipped_body_byte_fails_the_proof_even_without_a_set()
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { SignedEntryTimestamp = null, CanonicalizedBody = Flip(e.CanonicalizedBody, 40) }));
    }

    [Fact]
    public void Flipped_root_hash_fails()
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { InclusionProof = e.InclusionProof! with { RootHash = Flip(e.InclusionProof.RootHash, 0) } }));
    }

    [Fact]
    public void Flipped_set_byte_fails()
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { SignedEntryTimestamp = Flip(e.SignedEntryTimestamp!.Value, 20) }));
    }

    [Fact]
    public void Changed_integrated_time_fails_the_set()
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { IntegratedTime = e.IntegratedTime - 60 }));
    }

    [Theory]
    [InlineData(253402300800L)] // one second past 9999-12-31T23:59:59Z
    [InlineData(2147483648675209600L)] // the value fuzzing found
    [InlineData(long.MaxValue)]
    public void Integrated_time_past_year_9999_fails_as_an_invalid_entry(long seconds)
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { IntegratedTime = seconds }));
    }

    [Fact]
    public void Flipped_checkpoint_signature_fails()
    {
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e =>
        {
            string text = e.InclusionProof!.Checkpoint!;
            int at = text.LastIndexOf(' ') + 20;
            char replacement = text[at] == 'A' ? 'B' : 'A';
            return e with { InclusionProof = e.InclusionProof with { Checkpoint = text[..at] + replacement + text[(at + 1)..] } };
        }));
    }

    [Fact]
    public void Either_the_set_or_the_proof_alone_verifies()
    {
        Assert.Equal("verifies", Run(e => e with { InclusionProof = null }));
        Assert.Equal("verifies", Run(e => e with { SignedEntryTimestamp = null }));
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Run(e => e with { InclusionProof = null, SignedEntryTimestamp = null }));
    }

    [Fact]
    public void Only_a_signed_entry_timestamp_dates_the_signature()
    {
        // The checkpoint does not sign integratedTime, so a proof-only entry verifies but supplies no time.
        SigstoreBundle bundle = Case.ReadBundle();
        TransparencyLogEntry entry = bundle.VerificationMaterial.TlogEntries[0];
        TrustedRoot root = Case.ReadTrustedRoot();
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1689177396), TransparencyLogVerifier.VerifyEntry(entry, bundle, root, TimeProvider.System, Case.ArtifactSha256()));
        Assert.Null(TransparencyLogVerifier.VerifyEntry(entry with { SignedEntryTimestamp = null }, bundle, root, TimeProvider.System, Case.ArtifactSha256()));
    }

    [Fact]
    public void A_log_missing_from_the_trusted_root_is_not_trusted()
    {
        TrustedRoot root = Case.ReadTrustedRoot();
        Assert.Equal(DiagnosticCode.TransparencyLogNotTrusted, Run(e => e, root with { Tlogs = [] }));
    }

    [Fact]
    public void A_log_key_that_expired_before_the_integrated_time_is_not_trusted()
    {
        TrustedRoot root = Case.ReadTrustedRoot();
        DateTimeOffset integrated = DateTimeOffset.FromUnixTimeSeconds(1689177396);
        var expired = root.Tlogs.Select(t => t with { ValidFor = t.ValidFor with { End = integrated.AddSeconds(-1) } }).ToList();
        Assert.Equal(DiagnosticCode.TransparencyLogNotTrusted, Run(e => e, root with { Tlogs = expired }));
    }

    [Fact]
    public void A_different_artifact_does_not_match_the_hashedrekord()
    {
        SigstoreBundle bundle = Case.ReadBundle();
        var ex = Assert.Throws<VerificationFailedException>(() => TransparencyLogVerifier.Verify(bundle, Case.ReadTrustedRoot(), TimeProvider.System, new byte[32]));
        Assert.Equal(DiagnosticCode.TransparencyLogEntryMismatch, ex.Code);
    }

    [Fact]
    public void Checkpoint_parses_origin_size_root_and_signatures()
    {
        SignedCheckpoint checkpoint = SignedCheckpoint.Parse(Case.ReadBundle().VerificationMaterial.TlogEntries[0].InclusionProof!.Checkpoint!);
        Assert.StartsWith("rekor.sigstore.dev - ", checkpoint.Origin, StringComparison.Ordinal);
        Assert.Equal(32, checkpoint.RootHash.Length);
        NoteSignature signature = Assert.Single(checkpoint.Signatures);
        Assert.Equal("rekor.sigstore.dev", signature.Name);
        Assert.Equal(4, signature.KeyHint.Length);
        Assert.EndsWith("\n", System.Text.Encoding.UTF8.GetString(checkpoint.Body.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("origin\n12\nAAAA\n")]
    [InlineData("origin\n12\nAAAA\n\nno dash sig\n")]
    [InlineData("origin\nx\nAAAA\n\n\u2014 name AAAAAAAA\n")]
    [InlineData("origin\n012\nAAAA\n\n\u2014 name AAAAAAAA\n")]
    [InlineData("origin\n12\n\n\u2014 name AAAAAAAA\n")]
    [InlineData("origin\n12\nAAAA\n\n\u2014 name AAAA\n")]
    [InlineData("origin\n12\nAAAA\n\n\u2014 name AAAAAAAA")]
    public void Malformed_checkpoints_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => SignedCheckpoint.Parse(text));
    }

    private static string Run(Func<TransparencyLogEntry, TransparencyLogEntry> tamper, TrustedRoot? root = null)
    {
        SigstoreBundle bundle = Case.ReadBundle();
        TransparencyLogEntry entry = tamper(bundle.VerificationMaterial.TlogEntries[0]);
        try
        {
            TransparencyLogVerifier.VerifyEntry(entry, bundle, root ?? Case.ReadTrustedRoot(), TimeProvider.System, Case.ArtifactSha256());
            return "verifies";
        }
        catch (VerificationFailedException ex)
        {
            return ex.Code;
        }
    }

    private static byte[] Flip(ReadOnlyMemory<byte> data, int index)
    {
        byte[] copy = data.ToArray();
        copy[index] ^= 0x01;
        return copy;
    }
}
