// A form whose fields are named after the API's body members, so a problem's pointers (`/email`)
// land next to the right input; a problem without a matching pointer is shown above the fields.
import type { ComponentChildren, TargetedEvent, TargetedSubmitEvent } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { asProblem, pointerField } from "../api/problem";
import { Alert } from "./Alert";

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "number" | "search" | "url";
  autocomplete?: string;
  /** Defaults to true. */
  required?: boolean;
  minLength?: number;
  min?: number;
  max?: number;
  placeholder?: string;
  hint?: string;
  value?: string;
  /** A choice among these values instead of a text input. */
  options?: readonly string[];
}

export type Values = Record<string, string>;

export interface FormProps {
  fields: FieldSpec[];
  submitText: string;
  /** Throw (a `Problem`) to have it shown; resolve when done. */
  onSubmit: (values: Values) => Promise<void>;
  /** Prefix of the inputs' ids: `${prefix}-${name}`, its error `${prefix}-${name}-error`. */
  prefix?: string;
  /** A message shown above the fields (e.g. what the last submission did). */
  notice?: ComponentChildren;
  submitClass?: string;
  /** Empty the fields after a successful submission. */
  resetOnSuccess?: boolean;
  /** More buttons next to the submit button (e.g. Cancel in a dialog). */
  actions?: ComponentChildren;
}

function initial(fields: FieldSpec[]): Values {
  return Object.fromEntries(fields.map((f) => [f.name, f.value ?? f.options?.[0] ?? ""]));
}

export interface Placed {
  fieldErrors: Record<string, string>;
  /** What cannot be shown at a field, or null. */
  alert: string | null;
}

/** Splits a failure into messages at fields (by pointer) and one for the top of the form. */
export function placeProblem(err: unknown, fieldNames: readonly string[]): Placed {
  const p = asProblem(err);
  const fieldErrors: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const e of p.errors) {
    const name = pointerField(e.pointer);
    if (fieldNames.includes(name) && !fieldErrors[name]) fieldErrors[name] = e.detail;
    else elsewhere.push(e.pointer ? `${e.pointer}: ${e.detail}` : e.detail);
  }
  if (Object.keys(fieldErrors).length === 0) {
    return { fieldErrors, alert: [p.message, ...elsewhere].join(" ") };
  }
  return { fieldErrors, alert: elsewhere.length ? elsewhere.join(" ") : null };
}

export function Form(props: FormProps) {
  const { fields, prefix = "f" } = props;
  const [values, setValues] = useState<Values>(() => initial(fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const names = fields.map((f) => f.name);

  useEffect(() => {
    const first = names.find((n) => errors[n]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${prefix}-${first}`)}`)?.focus();
    // Only when a new set of errors arrives.
  }, [errors]);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setAlert(null);
    setBusy(true);
    try {
      await props.onSubmit(values);
      if (props.resetOnSuccess) setValues(initial(fields));
    } catch (err) {
      const placed = placeProblem(err, names);
      setErrors(placed.fieldErrors);
      setAlert(placed.alert);
    } finally {
      setBusy(false);
    }
  };

  const set = (name: string) => (e: TargetedEvent<HTMLInputElement | HTMLSelectElement>) => {
    const v = e.currentTarget.value;
    setValues((old) => ({ ...old, [name]: v }));
  };

  return (
    <form ref={formRef} noValidate onSubmit={submit}>
      {alert ? <Alert kind="error">{alert}</Alert> : null}
      {props.notice}
      {fields.map((f) => {
        const id = `${prefix}-${f.name}`;
        const error = errors[f.name];
        const described = [f.hint ? `${id}-hint` : null, error ? `${id}-error` : null]
          .filter(Boolean)
          .join(" ");
        const common = {
          id,
          name: f.name,
          "aria-describedby": described || undefined,
          "aria-invalid": error ? ("true" as const) : undefined,
        };
        return (
          <div key={f.name}>
            <label for={id}>{f.label}</label>
            {f.options ? (
              <select {...common} value={values[f.name]} onChange={set(f.name)}>
                {f.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                // Preact types each input type apart (which roles fit); one variable type is
                // none of them in particular.
                type={(f.type ?? "text") as "text"}
                autocomplete={f.autocomplete}
                required={f.required !== false}
                minLength={f.minLength}
                min={f.min}
                max={f.max}
                placeholder={f.placeholder}
                value={values[f.name]}
                onInput={set(f.name)}
              />
            )}
            {f.hint ? (
              <p class="hint" id={`${id}-hint`}>
                {f.hint}
              </p>
            ) : null}
            <p class="field-error" id={`${id}-error`} hidden={!error}>
              {error ?? ""}
            </p>
          </div>
        );
      })}
      <div class={props.actions ? "actions" : undefined}>
        <button type="submit" class={props.submitClass ?? "full"} disabled={busy}>
          {busy ? "Please wait…" : props.submitText}
        </button>
        {props.actions}
      </div>
    </form>
  );
}
