// /app/new: the template gallery. Each template is shown live; choosing one asks for a title
// (and, if you like, the address) and opens the new page.
import { useEffect, useState } from "preact/hooks";
import { pages, templates } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type { TemplateView } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Dialog } from "../../components/Dialog";
import { FramePreview } from "../../components/FramePreview";
import { Form } from "../../components/Form";
import { Heading } from "../../components/Heading";
import { Link, navigate } from "../../router";
import { atLeast, currentWorkspace, useSignedIn } from "../../session";
import { pagePath } from "./PageCard";

export function NewPageScreen() {
  const session = useSignedIn();
  const canEdit = atLeast(currentWorkspace(session)?.role, "editor");
  const [list, setList] = useState<TemplateView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<TemplateView | null>(null);

  useEffect(() => {
    templates.list().then(setList, (err: unknown) => setError(asProblem(err).message));
  }, []);

  return (
    <>
      <p class="back">
        <Link href="/app">← All pages</Link>
      </p>
      <div class="screen-head">
        <div>
          <Heading title="New page" />
          <p class="muted">
            Pick a template. Every word, colour and image can be changed afterwards.
          </p>
        </div>
      </div>
      {!canEdit ? (
        <Alert kind="error">
          Your role in this workspace lets you read pages, not create them. Ask an admin for the
          editor role.
        </Alert>
      ) : error ? (
        <Alert kind="error">{error}</Alert>
      ) : list === null ? (
        <p class="muted" role="status">
          Loading the templates…
        </p>
      ) : (
        <ul class="template-grid" aria-label="Templates">
          {list.map((t) => (
            <li key={t.id} class="template-card">
              <div class="thumb">
                <FramePreview src={templates.previewUrl(t.id)} title={`Preview of ${t.name}`} />
              </div>
              <div class="template-body">
                <h2 id={`template-${t.id}`}>{t.name}</h2>
                <p class="muted">{t.description}</p>
                {t.has_form ? <p class="badges"><span class="badge">Lead form</span></p> : null}
                <button
                  type="button"
                  class="secondary"
                  aria-describedby={`template-${t.id}`}
                  onClick={() => setChosen(t)}
                >
                  Use this template
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={chosen !== null}
        title={chosen ? `New page from “${chosen.name}”` : "New page"}
        onClose={() => setChosen(null)}
      >
        {chosen ? (
          <Form
            prefix="new"
            fields={[
              { name: "title", label: "Title", autocomplete: "off", placeholder: "e.g. Spring launch" },
              {
                name: "slug",
                label: "Address (optional)",
                required: false,
                autocomplete: "off",
                placeholder: "spring-launch",
                hint: "The page will be at /your-address: lowercase letters, digits and hyphens. Leave it empty to make one from the title.",
              },
            ]}
            submitText="Create page"
            submitClass=""
            actions={
              <button type="button" class="secondary" onClick={() => setChosen(null)}>
                Cancel
              </button>
            }
            onSubmit={async (v) => {
              const slug = (v.slug ?? "").trim();
              const page = await pages.create({
                title: (v.title ?? "").trim(),
                template: chosen.id,
                ...(slug ? { slug } : {}),
              });
              navigate(pagePath(page.id));
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
