// esbuild bundles the stylesheet next to app.js; the import only tells it to.
declare module '*.css';
