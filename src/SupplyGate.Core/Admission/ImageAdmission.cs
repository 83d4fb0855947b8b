using System.Globalization;
using System.Security.Cryptography;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Admission;

/// <summary>
/// Decides one image the way <c>verify</c> does, fast enough to sit in front of the API server: the tag is resolved
/// to a digest (reused for <see cref="AdmissionConfig.TagTtl"/>), the attestations of that digest are verified
/// (cached by digest, trusted-root hash and identity rule), and the attested SBOM is judged (cached by digest,
/// store version and policy hash). Nothing is keyed by tag, so a re-pushed tag is a new digest, verified anew.
/// Only successes are cached: an image signed after a refusal is admitted at the next try. Every failure is
/// closed and distinct: registry unreachable, registry error, timeout, no attestation, bad signature, policy deny.
/// </summary>
public sealed class ImageAdmission
{
    private readonly AdmissionConfig _config;
    private readonly Func<string, IRegistryClient> _registries;
    private readonly AdvisoryStoreSource _store;
    private readonly IAdmissionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (TrustedRoot Root, string Hash)> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (PolicyDocument Policy, string Hash)> _policies = new(StringComparer.Ordinal);
    private readonly BoundedCache<string, string> _tags;
    private readonly BoundedCache<(string Digest, string Root, string Identity), IReadOnlyList<PlatformSbom>> _verified;
    private readonly BoundedCache<(string Digest, string Store, string Policy), Judgement> _judged;

    public ImageAdmission(AdmissionConfig config, Func<string, IRegistryClient> registries, AdvisoryStoreSource store, IAdmissionMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _registries = registries;
        _store = store;
        _metrics = metrics;
        _time = time;
        _tags = new(10_000, time);
        _verified = new(20_000, time);
        _judged = new(20_000, time);
        foreach (AdmissionImageRule rule in config.Images)
        {
            if (!_roots.ContainsKey(rule.TrustedRootPath))
            {
                byte[] bytes = File.ReadAllBytes(rule.TrustedRootPath);
                _roots[rule.TrustedRootPath] = (TrustedRootReader.Read(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            }

            if (!_policies.ContainsKey(rule.Policy))
            {
                string hash = File.Exists(rule.Policy) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(rule.Policy))) : "preset:" + rule.Policy;
                _policies[rule.Policy] = (PolicyDocument.LoadPresetOrFile(rule.Policy), hash);
            }
        }
    }

    public AdmissionInventory Inventory { get; } = new();

    public AdmissionConfig Config => _config;

    public TimeProvider Time => _time;

    public AdvisoryStoreSource Store => _store;

    /// <summary>The verdict on <paramref name="image"/>; never throws for registry or attestation trouble, only for cancellation by the host.</summary>
    public async Task<ImageVerdict> DecideAsync(string image, string? @namespace, CancellationToken budget)
    {
        long started = _time.GetTimestamp();
        ImageVerdict verdict = await DecideCoreAsync(image, @namespace, budget).ConfigureAwait(false);
        _metrics.ImageDecided(verdict.Reason, _time.GetElapsedTime(started));
        return verdict;
    }

    /// <summary>Resolves a tag to its digest (cached for the tag TTL); the pinned reference for /mutate.</summary>
    public async Task<ImageVerdict> PinAsync(string image, CancellationToken budget)
    {
        if (!ImageReference.TryParse(image, out ImageReference? reference, out string? error))
        {
            return new ImageVerdict(image, false, AdmissionReason.InvalidImage, AdmissionMode.Enforce) { Code = DiagnosticCode.ImageInvalid, Message = $"not an image reference: {error}" };
        }

        if (reference!.Digest is { } pinned)
        {
            return new ImageVerdict(image, true, AdmissionReason.Verified, AdmissionMode.Enforce) { Digest = pinned.ToString() };
        }

        try
        {
            Digest digest = await ResolveAsync(reference, budget).ConfigureAwait(false);
            return new ImageVerdict(image, true, AdmissionReason.Verified, AdmissionMode.Enforce) { Digest = digest.ToString(), Pinned = $"{image}@{digest}" };
        }
        catch (Exception ex) when (Failure(image, AdmissionMode.Enforce, ex, budget) is { } failed)
        {
            return failed;
        }
    }

    private async Task<ImageVerdict> DecideCoreAsync(string image, string? @namespace, CancellationToken budget)
    {
        if (!ImageReference.TryParse(image, out ImageReference? reference, out string? error))
        {
            return new ImageVerdict(image, false, AdmissionReason.InvalidImage, AdmissionMode.Enforce) { Code = DiagnosticCode.ImageInvalid, Message = $"not an image reference: {error}" };
        }

        string normalized = reference!.ToString();
        if (_config.RuleFor(normalized) is not { } rule)
        {
            return _config.Unmatched switch
            {
                UnmatchedAction.Allow => new ImageVerdict(image, true, AdmissionReason.Unmatched, AdmissionMode.Audit) { Message = "no rule matches; allowed (unmatched: allow)" },
                UnmatchedAction.Warn => new ImageVerdict(image, false, AdmissionReason.Unmatched, AdmissionMode.Warn) { Code = DiagnosticCode.AdmissionImageUnmatched, Message = $"no spec.images rule matches {normalized}" },
                _ => new ImageVerdict(image, false, AdmissionReason.Unmatched, AdmissionMode.Enforce) { Code = DiagnosticCode.AdmissionImageUnmatched, Message = $"no spec.images rule matches {normalized} (unmatched: deny)" },
            };
        }

        try
        {
            Digest digest = reference.Digest ?? await ResolveAsync(reference, budget).ConfigureAwait(false);
            (TrustedRoot root, string rootHash) = _roots[rule.TrustedRootPath];
            var verificationKey = (digest.ToString(), rootHash, rule.IdentityRule);
            bool hit = _verified.TryGet(verificationKey, out IReadOnlyList<PlatformSbom>? sboms);
            _metrics.CacheLookup("verification", hit);
            if (!hit)
            {
                (sboms, ImageVerdict? refused) = await VerifyAsync(image, rule, reference, digest, root, budget).ConfigureAwait(false);
                if (refused is not null)
                {
                    return refused;
                }

                _verified.Set(verificationKey, sboms!);
            }

            // An index is judged per platform (docs/serve.md): the first platform that fails decides, named in the message.
            ImageVerdict? verdict = null;
            foreach (PlatformSbom sbom in sboms!)
            {
                ImageVerdict judged = Judge(sbom.Digest, sbom.Sbom.Bom, rule).Verdict(image, rule.Mode, digest.ToString());
                if (sbom.Platform is not null && !judged.Passed)
                {
                    judged = judged with { Message = $"platform {sbom.Platform} ({sbom.Digest}): {judged.Message}" };
                }

                verdict = verdict is null || (verdict.Passed && !judged.Passed) ? judged : verdict;
            }

            if (verdict!.Passed || rule.Mode != AdmissionMode.Enforce)
            {
                // Admitted, so it runs: the re-check watches it (each platform image of an index) from now on.
                foreach (PlatformSbom sbom in sboms!)
                {
                    Inventory.Add(new InventoryEntry(sbom.Digest.ToString(), normalized, sbom.Sbom, rule), @namespace);
                }
            }

            return verdict;
        }
        catch (Exception ex) when (Failure(image, rule.Mode, ex, budget) is { } failed)
        {
            return failed;
        }
    }

    /// <summary>Whether the policy of <paramref name="rule"/> finds the advisory data behind <paramref name="info"/> fresh at <paramref name="now"/> (spec.data).</summary>
    internal bool DataIsFresh(AdmissionImageRule rule, StoreInfo info, DateTimeOffset now) =>
        DataFreshness.IsFresh(_policies[rule.Policy].Policy, info, now);

    /// <summary>Judges a verified SBOM with the current store and the rule's policy; cached by (digest, store version and UTC day, policy hash).</summary>
    public Judgement Judge(Digest digest, Bom bom, AdmissionImageRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        (PolicyDocument policy, string policyHash) = _policies[rule.Policy];
        return _store.Use((store, version) =>
        {
            // The UTC day is part of the key: exception expiry, end-of-life dates and data age move verdicts without a new store.
            var key = (digest.ToString(), string.Create(CultureInfo.InvariantCulture, $"{version}@{_time.GetUtcNow().UtcDateTime:yyyy-MM-dd}"), policyHash);
            bool hit = _judged.TryGet(key, out Judgement? cached);
            _metrics.CacheLookup("judgement", hit);
            if (hit)
            {
                return cached!;
            }

            var recorder = new RecordingAdvisoryStore(store);
            GateOutcome outcome = GateEvaluator.Evaluate(new GateRequest { Bom = bom, Policy = policy, Store = recorder, Time = _time });
            Judgement judgement = Judgement.From(outcome.Result) with { Questions = recorder.Questions };
            _judged.Set(key, judgement);
            return judgement;
        });
    }

    /// <summary>
    /// The verified SBOM of an image, or of every platform of an index (<see cref="AttestedIndexCheck"/>: the
    /// AdmissionReview of a Pod does not say which node, so architecture, it will run on); else the refusal.
    /// </summary>
    private async Task<(IReadOnlyList<PlatformSbom>? Sboms, ImageVerdict? Refused)> VerifyAsync(
        string image, AdmissionImageRule rule, ImageReference reference, Digest digest, TrustedRoot root, CancellationToken budget)
    {
        IRegistryClient registry = _registries(reference.Registry);
        ManifestResponse top = await registry.Manifests.GetAsync(reference.Repository, digest.ToString(), budget).ConfigureAwait(false);
        BundleVerificationPolicy For(Digest subject) => new(root, rule.Identity, subject.ToString());
        if (!MediaTypes.IsIndex(top.MediaType))
        {
            AttestedImage attested = await AttestedImageCheck.VerifyAsync(
                registry, reference, digest, For(digest), [PredicateTypes.CycloneDx], _time, budget).ConfigureAwait(false);
            return attested.Verification.Verified
                ? ([new PlatformSbom(null, digest, new CompactBom(attested.AttestedSbom()!, digest.ToString()))], null)
                : (null, Refused(image, rule, digest, attested.Verification));
        }

        AttestedIndex index = await AttestedIndexCheck.VerifyAsync(
            registry,
            reference,
            top,
            new IndexCheckRequest
            {
                Policy = For,
                RequiredTypes = [PredicateTypes.CycloneDx],
                Platform = _config.Platform,
                RequiredPlatforms = _policies[rule.Policy].Policy.Image.Platforms,
            },
            _time,
            budget).ConfigureAwait(false);
        if (!index.Verified)
        {
            PlatformProblem first = index.Problems[0];
            return (null, new ImageVerdict(image, false, first.Code == DiagnosticCode.PlatformNotAttested ? AdmissionReason.NoAttestation : AdmissionReason.BadSignature, rule.Mode)
            {
                Digest = digest.ToString(),
                Code = first.Code,
                Message = $"{digest}: index refused: {string.Join("; ", index.Problems.Select(p => p.Message))}",
            });
        }

        return (index.Platforms.Select(p => new PlatformSbom(p.Image.Platform, p.Image.Manifest.Digest, new CompactBom(p.Attested.AttestedSbom()!, p.Image.Manifest.Digest.ToString()))).ToArray(), null);
    }

    private async Task<Digest> ResolveAsync(ImageReference reference, CancellationToken budget)
    {
        string key = reference.ToString();
        bool hit = _tags.TryGet(key, out string? cached);
        _metrics.CacheLookup("tag", hit);
        if (hit)
        {
            return Digest.Parse(cached!);
        }

        Digest digest = await AttestedImageCheck.ResolveAsync(_registries(reference.Registry), reference, budget).ConfigureAwait(false);
        _tags.Set(key, digest.ToString(), _config.TagTtl);
        return digest;
    }

    private static ImageVerdict Refused(string image, AdmissionImageRule rule, Digest digest, ImageVerification verification)
    {
        if (verification.Checks.Count == 0)
        {
            return new ImageVerdict(image, false, AdmissionReason.NoAttestation, rule.Mode)
            {
                Digest = digest.ToString(),
                Code = DiagnosticCode.AdmissionNoAttestation,
                Message = $"{digest} has no attestation (unsigned); required: a verified CycloneDX SBOM attestation",
            };
        }

        BundleVerification? failed = verification.Checks.Select(c => c.Result).FirstOrDefault(r => !r.Verified);
        string detail = failed is null
            ? $"no verified attestation of type {string.Join(", ", verification.MissingTypes)} among {verification.Checks.Count} found"
            : $"{failed.FailedCheck} check failed ({failed.Code}): {failed.Message}";
        return new ImageVerdict(image, false, AdmissionReason.BadSignature, rule.Mode)
        {
            Digest = digest.ToString(),
            Code = DiagnosticCode.AdmissionVerificationFailed,
            Message = $"{digest}: attestation does not verify: {detail}",
        };
    }

    /// <summary>Maps a failure to its fail-closed verdict; null for the host's own cancellation (shutdown), which propagates.</summary>
    private ImageVerdict? Failure(string image, AdmissionMode mode, Exception ex, CancellationToken budget) => ex switch
    {
        OperationCanceledException when budget.IsCancellationRequested => new ImageVerdict(image, false, AdmissionReason.Timeout, mode)
        {
            Code = DiagnosticCode.AdmissionTimedOut,
            Message = $"not decided within the admission budget of {_config.Budget.TotalMilliseconds:0} ms",
        },
        OperationCanceledException => null,
        RegistryException { StatusCode: null, InnerException: OperationCanceledException } r => new ImageVerdict(image, false, AdmissionReason.Timeout, mode)
        {
            Code = DiagnosticCode.AdmissionTimedOut,
            Message = $"registry did not answer within the admission budget: {r.Message}",
        },
        RegistryException { StatusCode: null } r => new ImageVerdict(image, false, AdmissionReason.RegistryUnreachable, mode)
        {
            Code = DiagnosticCode.AdmissionRegistryUnreachable,
            Message = $"registry unreachable: {r.Message}",
        },
        RegistryException r => new ImageVerdict(image, false, AdmissionReason.RegistryError, mode)
        {
            Code = DiagnosticCode.AdmissionRegistryError,
            Message = $"registry error (HTTP {r.StatusCode}): {r.Message}",
        },
        InvalidInputException i when i.Code is DiagnosticCode.PlatformArgumentInvalid => new ImageVerdict(image, false, AdmissionReason.InvalidImage, mode)
        {
            Code = i.Code,
            Message = i.Message,
        },
        InvalidInputException i when i.Code is DiagnosticCode.AttestationMalformed or DiagnosticCode.BomInvalid => new ImageVerdict(image, false, AdmissionReason.BadSignature, mode)
        {
            Code = DiagnosticCode.AdmissionVerificationFailed,
            Message = $"the verified attestation is unusable ({i.Code}): {i.Message}",
        },
        SupplyGateException s => new ImageVerdict(image, false, AdmissionReason.RegistryError, mode)
        {
            Code = DiagnosticCode.AdmissionRegistryError,
            Message = $"{s.Code}: {s.Message}",
        },
        _ => new ImageVerdict(image, false, AdmissionReason.Error, mode)
        {
            Code = DiagnosticCode.InternalError,
            Message = $"unexpected failure: {ex.GetType().Name}: {ex.Message}",
        },
    };
}

/// <summary>A verified attested SBOM and the image it is about: the image itself, or one platform image of an index.</summary>
public sealed record PlatformSbom(string? Platform, Digest Digest, CompactBom Sbom);

/// <summary>The gate's verdict on an attested SBOM, reduced to what an admission answer needs.</summary>
public sealed record Judgement(Decision Decision, string? Code, string Message, IReadOnlyList<string> Warnings, IReadOnlyList<(string Severity, string Advisory)> Findings)
{
    /// <summary>What the gate asked the advisory store on the way (<see cref="StoreQuestions"/>): a new store that answers them alike leaves this verdict as it is.</summary>
    internal IReadOnlyCollection<string> Questions { get; init; } = [];

    /// <summary>Whether the advisory data's age or emptiness shaped the verdict (SG3005), which depends on the store's metadata, not on its answers.</summary>
    internal bool DependsOnDataFreshness => Code == DiagnosticCode.AdvisoryDataStale
        || Warnings.Any(w => w.StartsWith(DiagnosticCode.AdvisoryDataStale, StringComparison.Ordinal));

    public static Judgement From(PolicyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Violation[] denying = result.Violations.Where(v => v.Action == RuleAction.Deny && v.CountsTowardDecision).ToArray();
        string[] warnings = result.Violations.Where(v => v.Action == RuleAction.Warn).Select(v => $"{v.Code}: {v.Message}").Distinct(StringComparer.Ordinal).Take(10).ToArray();
        var findings = result.Findings.Select(f => (f.Severity.Level.ToString().ToLowerInvariant(), f.AdvisoryId)).Distinct().ToArray();
        return result.Decision switch
        {
            Decision.Deny => new Judgement(Decision.Deny, denying.FirstOrDefault()?.Code, $"denied by policy {result.PolicyName}: " + string.Join("; ", denying.Take(3).Select(v => $"{v.Code} {v.Message}")) + (denying.Length > 3 ? $" (and {denying.Length - 3} more)" : string.Empty), warnings, findings),
            Decision.DataStale => new Judgement(Decision.DataStale, DiagnosticCode.AdvisoryDataStale, "advisory data is missing or stale beyond the policy's maxAge: no verdict possible", warnings, findings),
            _ => new Judgement(Decision.Pass, null, $"verified and passes policy {result.PolicyName}", warnings, findings),
        };
    }

    public ImageVerdict Verdict(string image, AdmissionMode mode, string digest) => Decision switch
    {
        Decision.Pass => new ImageVerdict(image, true, AdmissionReason.Verified, mode) { Digest = digest, Message = Message, Warnings = Warnings },
        Decision.DataStale => new ImageVerdict(image, false, AdmissionReason.AdvisoryDataStale, mode) { Digest = digest, Code = Code, Message = Message, Warnings = Warnings },
        _ => new ImageVerdict(image, false, AdmissionReason.PolicyDeny, mode) { Digest = digest, Code = DiagnosticCode.AdmissionPolicyDenied, Message = $"{digest} {Message}", Warnings = Warnings },
    };
}
