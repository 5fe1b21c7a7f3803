using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Turtle.Cli.Output;

/// <summary><c>--format json</c>: the API's own shapes, indented, one document on stdout.</summary>
public static class JsonOutput
{
    public static void Write<T>(TextWriter output, T value, JsonTypeInfo<T> type)
    {
        output.WriteLine(JsonSerializer.Serialize(value, type));
        output.Flush();
    }
}
