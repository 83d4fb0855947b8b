using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Tests.Secrets;

[Trait("Category", "unit")]
public sealed class PathGlobTests
{
    [Theory]
    [InlineData("**/test/**", "test/a.txt", true)]
    [InlineData("**/test/**", "src/test/deep/a.txt", true)]
    [InlineData("**/test/**", "src/testing/a.txt", false)]
    [InlineData("*.pem", "certs/dev/key.pem", true)]
    [InlineData("*.pem", "key.pem.txt", false)]
    [InlineData("config/*.json", "config/dev.json", true)]
    [InlineData("config/*.json", "config/sub/dev.json", false)]
    [InlineData("config/**/*.json", "config/dev.json", true)]
    [InlineData("config/**/*.json", "config/a/b/dev.json", true)]
    [InlineData("/app/.env", "app/.env", true)]
    [InlineData("app/?.env", "app/a.env", true)]
    [InlineData("app/?.env", "app//.env", false)]
    [InlineData("USR/share/**", "usr/share/doc/x", true)]
    [InlineData("a*b*c*d*e*f*g*h*i*j*k", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void IsPathMatch(string pattern, string path, bool expected) =>
        Assert.Equal(expected, PathGlob.IsPathMatch(pattern, path));

    [Theory]
    [InlineData("./a\\b.txt", "a/b.txt")]
    [InlineData("/usr/bin/x", "usr/bin/x")]
    public void Normalize(string path, string expected) => Assert.Equal(expected, PathGlob.Normalize(path));
}
