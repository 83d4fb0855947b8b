using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Serve;

/// <summary>The Kubernetes API the service lists pods from: the explicit --kube-* options, else the in-cluster service account.</summary>
internal sealed record KubernetesConnection(KubernetesApi Api, string? CaFile)
{
    /// <summary>--kube-api, --kube-token-file and --kube-ca when given; else the pod's service account; null when neither.</summary>
    public static KubernetesConnection? Resolve(string? api, string? tokenFile, string? caFile, Func<string, string?> environment)
    {
        if (api is null)
        {
            if (tokenFile is not null || caFile is not null)
            {
                throw new InvalidInputException(DiagnosticCode.KubernetesApiNotConfigured, "--kube-token-file and --kube-ca need --kube-api URL");
            }

            string ca = Path.Combine(KubernetesApi.ServiceAccountDirectory, "ca.crt");
            return KubernetesApi.InCluster(environment) is { } inCluster ? new KubernetesConnection(inCluster, File.Exists(ca) ? ca : null) : null;
        }

        if (!Uri.TryCreate(api.EndsWith('/') ? api : api + "/", UriKind.Absolute, out Uri? server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidInputException(DiagnosticCode.KubernetesApiNotConfigured, $"--kube-api '{api}': expected an absolute http(s) URL, e.g. https://kubernetes.default.svc");
        }

        if (tokenFile is null || !File.Exists(tokenFile))
        {
            throw new InvalidInputException(DiagnosticCode.KubernetesApiNotConfigured, $"--kube-token-file '{tokenFile}': a bearer token file is required with --kube-api", tokenFile);
        }

        if (caFile is not null && !File.Exists(caFile))
        {
            throw new InvalidInputException(DiagnosticCode.KubernetesApiNotConfigured, $"--kube-ca '{caFile}': no such file (the API server's CA, PEM)", caFile);
        }

        return new KubernetesConnection(new KubernetesApi(server, Path.GetFullPath(tokenFile)), caFile is null ? null : Path.GetFullPath(caFile));
    }

    /// <summary>An HttpClient that trusts only the cluster CA when one is given (the API server's certificate is issued by it, not by a public CA).</summary>
    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (CaFile is not null)
        {
            X509Certificate2Collection roots = [];
            try
            {
                roots.ImportFromPemFile(CaFile);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                handler.Dispose();
                throw new InvalidInputException(DiagnosticCode.KubernetesApiNotConfigured, $"{CaFile}: not a PEM certificate: {ex.Message}", CaFile, ex);
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
