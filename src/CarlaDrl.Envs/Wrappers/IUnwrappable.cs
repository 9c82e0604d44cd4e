namespace CarlaDrl.Envs.Wrappers;

/// <summary>Lets <see cref="Wrapper{TObs, TAct}.Unwrapped"/> walk through wrappers whose type arguments differ.</summary>
internal interface IUnwrappable
{
    object Unwrapped { get; }
}
