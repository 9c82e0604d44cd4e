namespace CarlaDrl.Envs;

/// <summary>C#-style type names for error messages (<c>NDArray&lt;float&gt;</c> rather than <c>NDArray`1</c>).</summary>
internal static class TypeNames
{
    public static string Of(Type type)
    {
        if (type.IsGenericType)
        {
            string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "<" + string.Join(", ", type.GetGenericArguments().Select(Of)) + ">";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Byte => "byte",
            TypeCode.Int32 => "int",
            TypeCode.Int64 => "long",
            TypeCode.Single => "float",
            TypeCode.Double => "double",
            TypeCode.String => "string",
            _ => type.Name,
        };
    }

    public static string OfValue(object? value) => value is null ? "null" : Of(value.GetType());
}
