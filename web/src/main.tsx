import { render } from "preact";

function App() {
  return <main><h1>Lander</h1></main>;
}

render(<App />, document.getElementById("root")!);
