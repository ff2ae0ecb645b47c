// Vite resolves `?url` imports to the URL of the emitted file (used for the pdf.js worker).
declare module '*?url' {
  const url: string;
  export default url;
}
