import { loadConfig, runService } from '@ticketing/common';
import { ConfigSchema } from './config';
import { queueService } from './service';

runService(() => queueService(loadConfig(ConfigSchema)));
