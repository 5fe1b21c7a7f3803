namespace Turtle.Cli.Api;

/// <summary>A host's key as the command line gives it: <c>dc1/udm-pro</c>.</summary>
public readonly record struct HostKey(string Dc, string Name)
{
    /// <summary>Splits <c>dc/host</c>; a usage error for anything else.</summary>
    public static HostKey Parse(string? text)
    {
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1 || text.IndexOf('/', slash + 1) >= 0)
        {
            throw CliException.Usage($"'{text}' is not a host; give it as <dc>/<host>, like dc1/udm-pro");
        }

        return new HostKey(text[..slash], text[(slash + 1)..]);
    }

    public override string ToString() => $"{Dc}/{Name}";
}
