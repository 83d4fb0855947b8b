using SupplyGate.Core.Attestations;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Transparency;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Policy;

namespace SupplyGate.Core.Tests.Attestations.Transparency;

/// <summary>
/// The sigstore-conformance cases about the transparency log, through <see cref="TransparencyLogVerifier"/>
/// directly (blob bundles included, which BundleVerifier does not take). The expected outcome is about the log
/// entry only: a case named <c>_fail</c> for another reason (certificate validity, DSSE signature) still has a good
/// log entry and must verify here.
/// </summary>
[Trait("Category", "unit")]
public sealed class TransparencyLogConformanceTests
{
    /// <summary>Refused before the log is looked at: the bundle or the trusted root is structurally invalid.</summary>
    private const string Unreadable = "unreadable";

    private const string Verifies = "verifies";

    public static TheoryData<string, string> Cases() => new()
    {
        // Good log entries (hashedrekord, dsse, intoto; v0.1 SET + proof, v0.2/v0.3 proof + checkpoint).
        { "happy-path-v0.1", Verifies },
        { "happy-path-v0.2", Verifies },
        { "happy-path-v0.3", Verifies },
        { "happy-path-v0.3-new-mediaType", Verifies },
        { "happy-path-intoto-in-dsse-v3", Verifies },
        { "intoto-with-custom-trust-root", Verifies },
        { "trust-root-tlog-validity-end-inclusive", Verifies },

        // _fail for reasons outside the log (certificate/TSA validity, DSSE signature): the entry itself is good.
        { "intoto-expired-certificate_fail", Verifies },
        { "intoto-set-outside-signing-cert-validity_fail", Verifies },
        { "intoto-tsa-timestamp-outside-cert-validity_fail", Verifies },

        // The envelope's signature was altered after logging, so the entry no longer describes it.
        { "dsse-invalid-sig_fail", DiagnosticCode.TransparencyLogEntryMismatch },

        // Logged in May 2026 with a valid SET; the case was written when that was the future. Today its log entry is
        // good and the refusal comes from the certificate check at integratedTime (see the clock test below).
        { "integrated-time-in-future_fail", Verifies },

        // Bad proofs, checkpoints and promises.
        { "checkpoint-bad-keyhint_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "checkpoint-wrong-roothash_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "inclusion-proof-corrupted-hash_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "invalid-checkpoint-signature_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "set-invalid-signature_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "invalid-inclusion-proof_fail", Unreadable },
        { "intoto-missing-inclusion-proof_fail", Unreadable },

        // Entries that verify but describe another signature, certificate, artifact or envelope.
        { "wrong-hashedrekord-artifact_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "wrong-hashedrekord-cert-and-sig_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "wrong-hashedrekord-entry_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "intoto-log-entry-mismatch_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "dsse-mismatch-envelope_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "dsse-mismatch-sig_fail", DiagnosticCode.TransparencyLogEntryMismatch },

        // Trust root of the log.
        { "trust-root-tlog-missing-validity-start_fail", Unreadable },

        // Rekor v2 (rekor-tiles): hashedrekord 0.0.2 entries, checkpoints signed with the log's Ed25519 key under its
        // origin name; witnesses' cosignatures and other keys' lines under the log's name are ignored.
        { "rekor2-happy-path", Verifies },
        { "rekor2-dsse-happy-path", Verifies },
        { "rekor2-checkpoint-cosigned", Verifies },
        { "rekor2-checkpoint-multiple-cosigs", Verifies },
        { "rekor2-checkpoint-origin-not-first", Verifies },
        { "rekor2-checkpoint-two-sigs-cosigned", Verifies },
        { "rekor2-checkpoint-two-sigs-from-origin", Verifies },
        { "rekor2-checkpoint-missing-log-signature_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "rekor2-checkpoint-missing-origin_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "rekor2-checkpoint-missing-root-hash_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "rekor2-checkpoint-missing-size_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "rekor2-checkpoint-no-matching-signature_fail", DiagnosticCode.TransparencyLogEntryInvalid },
        { "rekor2-no-inclusion-proof_fail", Unreadable },
        { "rekor2-dsse-mismatch-envelope_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "rekor2-dsse-mismatch-sig_fail", DiagnosticCode.TransparencyLogEntryMismatch },
        { "rekor2-dsse-invalid-sig_fail", DiagnosticCode.TransparencyLogEntryMismatch },

        // _fail for their timestamps or certificate: the log entry itself is good.
        { "rekor2-timestamp-payload-mismatch_fail", Verifies },
        { "rekor2-timestamp-with-incorrect-time_fail", Verifies },
        { "bundle-with-sct-with-extensions", Verifies },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conformance_case_log_entry(string name, string expected)
    {
        Assert.Equal(expected, Outcome(ConformanceCase.Named(name)));
    }

    [Fact]
    public void Happy_path_v0_1_dates_the_signature_at_its_integrated_time()
    {
        var c = ConformanceCase.Named("happy-path-v0.1");
        IReadOnlyList<DateTimeOffset> times = TransparencyLogVerifier.Verify(c.ReadBundle(), c.ReadTrustedRoot(), TimeProvider.System, c.ArtifactSha256());
        Assert.Equal([DateTimeOffset.FromUnixTimeSeconds(1689177396)], times);
    }

    [Fact]
    public void Integrated_time_ahead_of_the_clock_fails()
    {
        // One day before the entry's integratedTime (2026-05-07T15:34:11Z): the log claims a time that has not come.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1778168051).AddDays(-1));
        Assert.Equal(DiagnosticCode.TransparencyLogEntryInvalid, Outcome(ConformanceCase.Named("integrated-time-in-future_fail"), clock));

        // Within the allowed clock skew it is accepted.
        clock.Now = DateTimeOffset.FromUnixTimeSeconds(1778168051).AddMinutes(-4);
        Assert.Equal(Verifies, Outcome(ConformanceCase.Named("integrated-time-in-future_fail"), clock));
    }

    internal static string Outcome(ConformanceCase c, TimeProvider? time = null)
    {
        SigstoreBundle bundle;
        TrustedRoot root;
        try
        {
            bundle = c.ReadBundle();
            root = c.ReadTrustedRoot();
        }
        catch (InvalidInputException)
        {
            return Unreadable;
        }

        try
        {
            byte[]? artifact = bundle.MessageSignature is null ? null : c.ArtifactSha256();
            TransparencyLogVerifier.Verify(bundle, root, time ?? TimeProvider.System, artifact);
            return Verifies;
        }
        catch (VerificationFailedException ex)
        {
            Assert.Equal("transparency-log", ex.Check);
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            return ex.Code;
        }
    }
}
