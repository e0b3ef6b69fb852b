// Stands for Next.js's server-only marker in jest (see jest.config.js).
