using SupplyGate.Core.Attestations.Development;

namespace SupplyGate.Core.Tests.Attestations;

/// <summary>A development PKI per test class, valid around the real clock (openssl ts stamps real time).</summary>
public sealed class AttestationTestPki : IDisposable
{
    public AttestationTestPki()
    {
        Ca = DevelopmentCa.Create(new DevelopmentCaOptions { SignerIdentity = Identity }, TimeProvider.System);
    }

    public const string Identity = "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main";

    public DevelopmentCa Ca { get; }

    public void Dispose() => Ca.Dispose();
}
