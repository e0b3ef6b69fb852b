import './tracing';
import { loadConfig, runService } from '@ticketing/common';
import { ConfigSchema } from './config';
import { authService } from './service';

// The only file with process-level effects: a bad environment prints every bad variable and exits 1.
runService(() => authService(loadConfig(ConfigSchema)));
