using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Attestations;

/// <summary>
/// Signs a predicate about an image and attaches it (SPECS.md §3–§7): in-toto statement whose subject is the
/// image manifest digest → DSSE → RFC 3161 timestamp over the raw signature bytes → bundle v0.3 → bundle blob,
/// empty config and an OCI 1.1 artifact manifest pushed by digest → referrers API or the fallback index.
/// </summary>
public sealed class AttestationPublisher
{
    private readonly IRegistryClient _registry;
    private readonly Timestamps.TimestampClient? _timestamps;
    private readonly TimeProvider _time;

    /// <param name="registry">The registry holding the image.</param>
    /// <param name="timestamps">The RFC 3161 client; required when a request names a timestamp URL.</param>
    /// <param name="time">The clock for <c>org.opencontainers.image.created</c>.</param>
    public AttestationPublisher(IRegistryClient registry, Timestamps.TimestampClient? timestamps, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        _registry = registry;
        _timestamps = timestamps;
        _time = time;
    }

    /// <summary>The image manifest's descriptor (media type, digest, size) for a tag or digest reference.</summary>
    public async Task<Descriptor> ResolveSubjectAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        string reference = image.Digest?.ToString() ?? image.Tag ?? "latest";
        ManifestResponse manifest = await _registry.Manifests.GetAsync(image.Repository, reference, cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Bytes.Length };
    }

    /// <summary>
    /// Resolves <paramref name="image"/> once and attaches one attestation per predicate to that digest, so a tag
    /// moved between two predicates cannot split them across images.
    /// </summary>
    public async Task<IReadOnlyList<AttestationPublishResult>> PublishAllAsync(
        ImageReference image,
        IReadOnlyList<(string Type, byte[] Predicate)> predicates,
        SigningMaterial signing,
        Uri? timestampUrl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(predicates);
        ArgumentNullException.ThrowIfNull(signing);
        Descriptor subject = await ResolveSubjectAsync(image, cancellationToken).ConfigureAwait(false);
        var results = new List<AttestationPublishResult>(predicates.Count);
        foreach ((string type, byte[] predicate) in predicates)
        {
            results.Add(await PublishAsync(image.Repository, subject, new AttestationRequest
            {
                PredicateType = type,
                Predicate = predicate,
                Signer = signing.Key.Signer,
                LeafCertificate = signing.LeafCertificate,
                TimestampUrl = timestampUrl,
            }, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Signs, timestamps and attaches one attestation to <paramref name="subject"/> in <paramref name="repository"/>.</summary>
    public async Task<AttestationPublishResult> PublishAsync(string repository, Descriptor subject, AttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(request);
        if (subject.Digest.Algorithm != "sha256")
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The image digest must be sha256, not {subject.Digest.Algorithm}.");
        }

        var statement = new InTotoStatement(
            [StatementSubject.ForSha256($"{_registry.Registry}/{repository}", subject.Digest.Encoded)],
            request.PredicateType,
            ParsePredicate(request.Predicate));
        DsseEnvelope envelope = DsseSigner.Sign(statement, request.Signer);

        var timestamps = new List<ReadOnlyMemory<byte>>();
        if (request.TimestampUrl is { } url)
        {
            Timestamps.TimestampClient client = _timestamps
                ?? throw new InvalidOperationException("A timestamp URL was given but the publisher has no timestamp client.");
            Timestamps.TimestampResponse response = await client.RequestAsync(url, envelope.Signatures[0].Signature, cancellationToken).ConfigureAwait(false);
            timestamps.Add(response.Der);
        }

        byte[] bundle = SigstoreBundleWriter.Write(envelope, request.LeafCertificate, timestamps);
        Digest bundleDigest = Digest.Sha256(bundle);
        await PushBlobAsync(repository, bundleDigest, bundle, cancellationToken).ConfigureAwait(false);
        await PushBlobAsync(repository, Digest.Sha256(AttestationManifest.EmptyConfig.Span), AttestationManifest.EmptyConfig.ToArray(), cancellationToken).ConfigureAwait(false);

        byte[] manifest = AttestationManifest.Write(subject, bundleDigest, bundle.Length, request.PredicateType, _time.GetUtcNow());
        Descriptor pushed = await _registry.Referrers.PushAsync(repository, MediaTypes.OciManifest, manifest, cancellationToken).ConfigureAwait(false);
        return new AttestationPublishResult(pushed, subject, bundle);
    }

    private async Task PushBlobAsync(string repository, Digest digest, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        await _registry.Blobs.PushAsync(repository, digest, stream, content.Length, cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement ParsePredicate(ReadOnlyMemory<byte> predicate)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(predicate);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The predicate is not valid JSON: {ex.Message}", null, ex);
        }
    }
}
