// Lander's browser app under /app. Everything it needs is bundled; nothing comes from another
// origin, and no text is ever parsed as HTML.
import { render } from "preact";
import { App } from "./app";
import "./styles.css";

const root = document.getElementById("root");
if (root) render(<App />, root);
